import request from 'supertest';
import { writeFileSync } from 'node:fs';
import { startTestApp, TestApp } from '../support/test-app';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

type Operation = {
  summary?: string;
  operationId: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

/** The routes an express app answers, as `METHOD /path/{param}`, straight from its router. */
function routeTable(running: TestApp): string[] {
  const express = running.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  const routes: string[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const method of Object.keys(layer.route.methods)) {
        if (method === '_all') continue;
        routes.push(`${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
      }
    }
  }
  return routes;
}

/** Served beside the API by the docs themselves. */
const DOCS_ROUTES = /^GET \/api\/(docs|openapi\.json|asyncapi\.json)/;

describe('API description', () => {
  let running: TestApp;
  let spec: {
    openapi: string;
    paths: Record<string, Record<string, Operation>>;
    components: Record<string, Record<string, unknown>>;
  };

  beforeAll(async () => {
    running = await startTestApp();
    spec = (await request(running.url).get('/api/openapi.json').expect(200)).body;
    // For `make lint-api`: the document as served, without starting a server there.
    if (process.env.ZENDO_OPENAPI_OUT) writeFileSync(process.env.ZENDO_OPENAPI_OUT, JSON.stringify(spec, null, 2));
  });
  afterAll(async () => {
    await running.close();
  });

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );

  it('is OpenAPI 3.1 with the agent bearer and visitor token schemes', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.components.securitySchemes).toMatchObject({
      agentBearer: { type: 'http', scheme: 'bearer' },
      visitorToken: { type: 'apiKey', in: 'header', name: 'X-Visitor-Token' },
    });
  });

  it('lists every route the server answers', () => {
    const documented = new Set(operations().map((o) => o.route));
    const served = routeTable(running).filter((r) => !DOCS_ROUTES.test(r));
    expect(served.length).toBeGreaterThan(40);
    expect(served.filter((route) => !documented.has(route))).toEqual([]);
    // And nothing that is not served.
    expect([...documented].filter((route) => !served.includes(route))).toEqual([]);
  });

  it('gives every operation a summary, a success response with its shape, and its error responses', () => {
    const problems: string[] = [];
    for (const { route, operation } of operations()) {
      if (!operation.summary) problems.push(`${route}: no summary (@ApiRoute)`);
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((s) => /^[23]/.test(s));
      if (!success.length) problems.push(`${route}: no success response`);
      for (const status of success) {
        const content = operation.responses[status].content;
        const bodiless = status === '204' || status === '202' || status.startsWith('3');
        if (!bodiless && !Object.values(content ?? {}).some((c) => c.schema)) {
          problems.push(`${route}: ${status} has no schema`);
        }
      }
      if (!statuses.some((s) => /^[45]/.test(s))) problems.push(`${route}: no error response`);
    }
    expect(problems).toEqual([]);
  });

  it('describes errors in the contract’s shape with their codes', () => {
    const login = spec.paths['/api/v1/auth/login'].post;
    const unauthorized = JSON.stringify(login.responses['401']);
    expect(unauthorized).toContain('INVALID_CREDENTIALS');
    expect(unauthorized).toContain('#/components/schemas/Error');
    expect(JSON.stringify(login.responses['400'])).toContain('VALIDATION_FAILED');
    expect(JSON.stringify(spec.paths['/api/v1/auth/signup'].post.responses['409'])).toContain('EMAIL_TAKEN');
    expect(JSON.stringify(spec.paths['/api/v1/conversations/{id}/claim'].post.responses['409'])).toContain(
      'ALREADY_ASSIGNED',
    );
    expect(spec.components.schemas.Error).toMatchObject({ properties: { error: { required: ['code', 'message'] } } });
  });

  it('describes request bodies and queries from the schemas that check them', () => {
    const signup = spec.paths['/api/v1/auth/signup'].post as unknown as {
      requestBody: { content: { 'application/json': { schema: Record<string, unknown> } } };
      security: unknown[];
    };
    expect(signup.security).toEqual([]);
    expect(signup.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['email', 'password', 'name'],
      additionalProperties: false,
      properties: { password: { maxLength: 128 }, name: { maxLength: 100 } },
    });
    const messages = spec.paths['/api/v1/widget/conversations/{id}/messages'].get as unknown as {
      parameters: { name: string; in: string; schema: unknown }[];
      security: unknown[];
    };
    expect(messages.security).toEqual([{ visitorToken: [] }]);
    expect(messages.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } }),
        expect.objectContaining({ name: 'afterSeq', in: 'query' }),
        expect.objectContaining({ name: 'limit', in: 'query' }),
      ]),
    );
    expect(spec.paths['/api/v1/me'].get.security).toEqual([{ agentBearer: [] }]);
  });

  it('serves a browsable page with its own policy and no inline script', async () => {
    const page = await request(running.url).get('/api/docs/').expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    await request(running.url).get('/api/docs/swagger-ui-init.js').expect(200);
  });
});
