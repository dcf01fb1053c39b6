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
  website: { name: string; online: boolean; [field: string]: unknown };
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

  async login(email: string, password: string, ip?: string) {
    let req = this.http().post('/api/v1/auth/login');
    if (ip) req = req.set('X-Forwarded-For', ip);
    return req.send({ email, password });
  }

  refresh(refreshToken: string) {
    return this.http().post('/api/v1/auth/refresh').send({ refreshToken });
  }

  as(agent: AgentSession) {
    return this.bearer(agent.accessToken);
  }

  /** Requests carrying any bearer token, valid or not. */
  bearer(token: string) {
    const auth = { Authorization: `Bearer ${token}` };
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
      put: (path: string, body?: object) =>
        this.http()
          .put(`/api/v1${path}`)
          .set(auth)
          .send(body ?? {}),
      delete: (path: string) => this.http().delete(`/api/v1${path}`).set(auth),
    };
  }

  /** Widget requests as the visitor holding `visitorToken`. */
  visitor(visitorToken: string) {
    const auth = { 'X-Visitor-Token': visitorToken };
    return {
      get: (path: string) => this.http().get(`/api/v1/widget${path}`).set(auth),
      patch: (path: string, body?: object) =>
        this.http()
          .patch(`/api/v1/widget${path}`)
          .set(auth)
          .send(body ?? {}),
    };
  }
}

/** The contract's error body: `{error: {code, message, details?}}` and nothing else. */
export function expectError(res: { status: number; body: unknown }, status: number, code: string): void {
  expect({ status: res.status, code: (res.body as { error?: { code?: string } })?.error?.code }).toEqual({
    status,
    code,
  });
  const { error, ...rest } = res.body as { error: Record<string, unknown> };
  expect(rest).toEqual({});
  expect(Object.keys(error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
  expect(typeof error.message).toBe('string');
  if (error.details !== undefined) {
    expect(Array.isArray(error.details) && error.details.length > 0).toBe(true);
    for (const detail of error.details as unknown[]) {
      expect(detail).toEqual({ field: expect.any(String), message: expect.any(String) });
    }
  }
}
