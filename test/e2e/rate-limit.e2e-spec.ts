import { AgentSession, Api, expectError } from '../support/api';
import { startTestApp, TestApp } from '../support/test-app';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The app trusts X-Forwarded-For from loopback (it runs behind a proxy), so each test speaks
 * from addresses of its own and different addresses can be simulated from one machine.
 */
describe('brute-force limits', () => {
  let running: TestApp;
  let api: Api;
  let agent: AgentSession;

  beforeAll(async () => {
    running = await startTestApp({ authRateLimit: 10 });
    ({ api } = running);
    agent = await api.signup('Target');
  });
  afterAll(async () => {
    await running.close();
  });

  function expectRateLimited(res: { status: number; body: unknown; headers: Record<string, string> }) {
    expectError(res, 429, 'RATE_LIMITED');
    const retryAfter = res.headers['retry-after'];
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  }

  it('allows 10 logins a minute from one IP and stops the 11th, whatever the emails', async () => {
    expect(running.config.authRateLimit).toBe(10);
    const ip = '203.0.113.10';
    const first = await Promise.all(
      range(10).map((i) => api.login(`spray-${i}@example.com`, 'a-guessed-password', ip)),
    );
    expect(first.map((r) => r.status)).toEqual(range(10).map(() => 401));

    expectRateLimited(await api.login('spray-10@example.com', 'a-guessed-password', ip));
    // the right password does not get through that IP either, while another IP is not affected
    expectRateLimited(await api.login(agent.agent.email, agent.password, ip));
    expect((await api.login(agent.agent.email, agent.password, '203.0.113.11')).status).toBe(200);
  });

  it('stops failed logins for one email from one address, without locking the owner out elsewhere', async () => {
    const victim = await api.signup('Victim');
    const spellings = [victim.agent.email, victim.agent.email.toUpperCase(), `  ${victim.agent.email}  `];
    const attacker = '203.0.113.100';
    const first = await Promise.all(
      range(10).map((i) => api.login(spellings[i % spellings.length], 'a-guessed-password', attacker)),
    );
    expect(first.map((r) => r.status)).toEqual(range(10).map(() => 401));

    // from the attacker's address even the right password is refused for a while (15-minute window)
    const locked = await api.login(victim.agent.email, victim.password, attacker);
    expectError(locked, 429, 'RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // the owner, from their own address, is not affected
    expect((await api.login(victim.agent.email, victim.password, '203.0.113.120')).status).toBe(200);
  });

  it('limits signups per IP as well, refused ones included', async () => {
    const ip = '203.0.113.30';
    const signup = (i: number) =>
      api
        .http()
        .post('/api/v1/auth/signup')
        .set('X-Forwarded-For', ip)
        .send({ email: `probe-${i}@example.com`, password: 'short', name: 'Probe' });
    const first = await Promise.all(range(10).map(signup));
    expect(first.map((r) => r.status)).toEqual(range(10).map(() => 400));
    expectRateLimited(await signup(10));
  });

  it('allows 60 widget bootstraps a minute from one IP and stops the 61st', async () => {
    const website = await api.website(agent, { name: 'Busy shop' });
    const bootstrap = (ip: string) =>
      api.http().post('/api/v1/widget/bootstrap').set('X-Forwarded-For', ip).send({ websiteKey: website.key });
    const ip = '198.51.100.7';
    const statuses: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const results = await Promise.all(range(10).map(() => bootstrap(ip)));
      statuses.push(...results.map((r) => r.status));
    }
    expect(statuses).toEqual(range(60).map(() => 200));

    expectRateLimited(await bootstrap(ip));
    expect((await bootstrap('198.51.100.8')).status).toBe(200);
  });
});
