import { randomBytes } from 'node:crypto';
import request from 'supertest';

export interface AgentSession {
  agent: { id: string; email: string; name: string };
  accessToken: string;
  refreshToken: string;
  password: string;
}

export interface WebsiteInfo {
  id: string;
  key: string;
  name: string;
}

export interface VisitorSession {
  visitor: { id: string };
  visitorToken: string;
  websiteKey: string;
}

/** Builds what a test needs through the public API, as a real client would. */
export class Api {
  constructor(readonly url: string) {}

  http() {
    return request(this.url);
  }

  async signup(name = 'Agent'): Promise<AgentSession> {
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const email = `${name.toLowerCase().replace(/\W+/g, '')}-${randomBytes(5).toString('hex')}@example.com`;
    const res = await this.http().post('/api/v1/auth/signup').send({ email, password, name });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...res.body, password };
  }

  async website(agent: AgentSession, body: Record<string, unknown> = {}): Promise<WebsiteInfo> {
    const res = await this.http()
      .post('/api/v1/websites')
      .set('Authorization', `Bearer ${agent.accessToken}`)
      .send({ name: 'Shop', ...body });
    if (res.status !== 201) throw new Error(`website failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async bootstrap(websiteKey: string, visitorToken?: string, origin?: string): Promise<VisitorSession> {
    let req = this.http().post('/api/v1/widget/bootstrap');
    if (origin) req = req.set('Origin', origin);
    const res = await req.send({ websiteKey, ...(visitorToken ? { visitorToken } : {}) });
    if (res.status !== 200) throw new Error(`bootstrap failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { ...res.body, websiteKey };
  }

  as(agent: AgentSession) {
    const auth = { Authorization: `Bearer ${agent.accessToken}` };
    return {
      get: (path: string) => this.http().get(`/api/v1${path}`).set(auth),
      post: (path: string, body?: object) =>
        this.http()
          .post(`/api/v1${path}`)
          .set(auth)
          .send(body ?? {}),
      patch: (path: string, body?: object) =>
        this.http()
          .patch(`/api/v1${path}`)
          .set(auth)
          .send(body ?? {}),
    };
  }
}
