import { HttpStatus, INestApplication, RequestMethod } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { InputPipe, UUID, UUID_OR_ME } from '../common/input';
import { IS_PUBLIC } from '../common/public.decorator';
import { RateLimitGuard } from '../common/rate-limit';
import { VisitorTokenGuard } from '../visitors/visitor-token.guard';
import { API_ROUTE, ApiRouteDoc } from './api-route.decorator';
import { ErrorCode, errorCatalogue } from './error-catalogue';
import { apiShapes, ErrorBody } from './response-shapes';

type Json = Record<string, unknown>;
type Operation = Json & {
  operationId: string;
  parameters?: Json[];
  responses: Json;
  requestBody?: Json;
  security?: Json[];
};

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** JSON Schema 2020-12 as OpenAPI 3.1 embeds it: no `$schema`/`$id`, no regex beside a format. */
function tidy(schema: unknown, response: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => tidy(s, response));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'pattern' && 'format' in (schema as Json)) continue;
    // Answers may gain fields (the contract is additive); requests refuse unknown ones.
    if (response && key === 'additionalProperties' && value === false) continue;
    out[key] = tidy(value, response);
  }
  return out;
}

/** A request schema, as the input that its zod schema accepts. */
function requestSchema(schema: z.ZodType): Json {
  return tidy(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }), false) as Json;
}

function shapeId(schema: z.ZodType): string {
  const id = apiShapes.get(schema)?.id;
  if (!id) throw new Error('A response of @ApiRoute is not a shape of response-shapes.ts');
  return id;
}

interface RouteArg {
  index: number;
  data?: string;
  pipes: unknown[];
}

function routeArgs(controller: object, method: string): { type: number; arg: RouteArg }[] {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, RouteArg>;
  return Object.entries(args).map(([key, arg]) => ({ type: Number(key.split(':')[0]), arg }));
}

const inputOf = (arg: RouteArg) => arg.pipes.find((p): p is InputPipe<z.ZodType> => p instanceof InputPipe)?.schema;

interface RouteFacts {
  doc: ApiRouteDoc | undefined;
  method: RequestMethod;
  httpCode: number | undefined;
  isPublic: boolean;
  visitor: boolean;
  limited: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  ids: { name: string; me: boolean }[];
}

/** Every controller method with a route, keyed by the operation id swagger gives it. */
function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      // The class, not the instance: a document can be made from an app created in preview mode.
      const type = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!type) continue;
      const proto = type.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const guards = [
          ...((Reflect.getMetadata(GUARDS_METADATA, type) as unknown[]) ?? []),
          ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[]) ?? []),
        ];
        const args = routeArgs(type, name);
        const bodyArg = args.find((a) => a.type === Number(RouteParamtypes.BODY));
        const queryArg = args.find((a) => a.type === Number(RouteParamtypes.QUERY));
        const ids = args
          .filter((a) => a.type === Number(RouteParamtypes.PARAM) && a.arg.data)
          .filter((a) => a.arg.pipes.includes(UUID) || a.arg.pipes.includes(UUID_OR_ME))
          .map((a) => ({ name: a.arg.data!, me: a.arg.pipes.includes(UUID_OR_ME) }));
        facts.set(`${type.name}_${name}`, {
          doc: Reflect.getMetadata(API_ROUTE, handler) as ApiRouteDoc | undefined,
          method: Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod,
          httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
          isPublic: Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type)),
          visitor: guards.includes(VisitorTokenGuard),
          limited: guards.includes(RateLimitGuard),
          body: bodyArg && inputOf(bodyArg.arg),
          query: queryArg && inputOf(queryArg.arg),
          ids,
        });
      }
    }
  }
  return facts;
}

/** The error codes a route answers: its own, and those its pipes, guards and body imply. */
function errorCodes(route: RouteFacts): ErrorCode[] {
  const codes = new Set<ErrorCode>();
  if (route.body || route.query || route.ids.length) codes.add('VALIDATION_FAILED');
  if (route.body) {
    codes.add('MALFORMED_JSON');
    codes.add('PAYLOAD_TOO_LARGE');
  }
  if (!route.isPublic || route.visitor) codes.add('UNAUTHORIZED');
  if (route.visitor) codes.add('ORIGIN_NOT_ALLOWED');
  if (route.ids.length) codes.add('NOT_FOUND');
  if (route.limited) codes.add('RATE_LIMITED');
  for (const code of route.doc?.errors ?? []) codes.add(code);
  // The HTTP filter's answer to anything unexpected, on every route.
  codes.add('INTERNAL');
  return [...codes];
}

function errorResponses(codes: ErrorCode[], notFound: boolean): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = errorCatalogue[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  if (notFound && !byStatus.has(404)) byStatus.set(404, ['NOT_FOUND']);
  const responses: Json = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\`: ${errorCatalogue[code].meaning}`).join('; '),
      ...(status === 429
        ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: {
        'application/json': {
          schema: {
            allOf: [
              ref(shapeId(ErrorBody)),
              { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: list } } } } },
            ],
          },
        },
      },
    };
  }
  return responses;
}

function successResponses(route: RouteFacts, doc: ApiRouteDoc): Json {
  const status =
    doc.status ?? route.httpCode ?? (route.method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
  const responses: Json = {};
  for (const code of [status, ...(doc.alsoStatus ?? [])]) {
    if (doc.media === 'redirect') {
      responses[String(code)] = {
        description: 'Redirect',
        headers: { Location: { description: 'where to go', schema: { type: 'string' } } },
      };
    } else if (doc.media === 'text/html') {
      responses[String(code)] = { description: 'A page', content: { 'text/html': { schema: { type: 'string' } } } };
    } else if (doc.media === 'text/plain') {
      responses[String(code)] = { description: 'Text', content: { 'text/plain': { schema: { type: 'string' } } } };
    } else if (doc.media === 'file') {
      responses[String(code)] = {
        description: 'The file, with its stored type',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      };
    } else if (doc.ok) {
      const id = shapeId(doc.ok);
      responses[String(code)] = { description: id, content: { 'application/json': { schema: ref(id) } } };
    } else {
      responses[String(code)] = { description: 'Done; no body' };
    }
  }
  return responses;
}

function queryParameters(schema: z.ZodType): Json[] {
  const object = requestSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: object.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/** Fills what swagger read from the routes with what the zod schemas, pipes and guards say. */
function describe(operation: Operation, route: RouteFacts): void {
  // A route without @ApiRoute is still listed (with what its pipes and guards say); the e2e spec fails on it.
  const doc: ApiRouteDoc = route.doc ?? { summary: '' };
  const parameters = (operation.parameters ?? []).filter((p) => p.in === 'path');
  for (const parameter of parameters) {
    const id = route.ids.find((i) => i.name === parameter.name);
    if (id) {
      parameter.schema = id.me
        ? { anyOf: [{ type: 'string', format: 'uuid' }, { const: 'me' }] }
        : { type: 'string', format: 'uuid' };
    }
  }
  if (route.query) parameters.push(...queryParameters(route.query));
  if (route.visitor) {
    parameters.push({
      name: 'Origin',
      in: 'header',
      required: false,
      schema: { type: 'string' },
      description: 'checked against allowedOrigins',
    });
  }
  operation.parameters = parameters;
  if (operation.parameters.length === 0) delete operation.parameters;
  if (route.body) {
    operation.requestBody = {
      required: true,
      content: { 'application/json': { schema: requestSchema(route.body) } },
    };
  } else {
    delete operation.requestBody;
  }
  if (doc.summary) operation.summary = doc.summary;
  else delete operation.summary;
  operation.responses = {
    ...successResponses(route, doc),
    ...errorResponses(errorCodes(route), doc.notFound ?? false),
  };
  if (doc.unavailable) {
    const id = shapeId(doc.unavailable);
    operation.responses['503'] = { description: 'Unavailable', content: { 'application/json': { schema: ref(id) } } };
  }
  if (route.visitor) operation.security = [{ visitorToken: [] }];
  else if (doc.optionalAgent) operation.security = [{}, { agentBearer: [] }];
  else if (route.isPublic) operation.security = [];
  else operation.security = [{ agentBearer: [] }];
}

/** The OpenAPI 3.1 document of every HTTP route of `app` (which need not listen). */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Zendo API')
    .setDescription(
      'Self-hosted live chat. Errors are `{"error": {"code", "message", "details?"}}`; each response lists its codes. ' +
        'Realtime events are described at /api/asyncapi.json.',
    )
    .setVersion(version)
    .setLicense('UNLICENSED', 'https://example.invalid/license')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Agent access token' },
      'agentBearer',
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Visitor-Token',
        description: 'The visitor token from /widget/bootstrap',
      },
      'visitorToken',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controller, method) => `${controller}_${method}`,
  });
  const facts = routeFacts(app);
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      if (!operation || typeof operation !== 'object' || !operation.operationId) continue;
      const route = facts.get(operation.operationId);
      if (!route) throw new Error(`No route for operation ${operation.operationId}`);
      describe(operation, route);
    }
  }
  const { schemas } = z.toJSONSchema(apiShapes, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  document.components = {
    ...document.components,
    schemas: tidy(schemas, true) as NonNullable<OpenAPIObject['components']>['schemas'],
  };
  return document;
}
