import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import type { ErrorCode } from './error-catalogue';

export const API_ROUTE = 'zendo:api-route';

/** What a route answers; the builder adds what it reads from the route itself (see openapi-document.ts). */
export interface ApiRouteDoc {
  summary: string;
  description?: string;
  /** A shape of response-shapes.ts; absent for 204 and for routes answering another media type. */
  ok?: z.ZodType;
  /** Defaults to Nest's own: 201 for POST, else 200, or what @HttpCode says. */
  status?: number;
  /** Other success statuses, e.g. 201 beside 200. */
  alsoStatus?: number[];
  /** A non-JSON success body (`text/html`), or a redirect (`Location`). */
  media?: 'text/html' | 'redirect' | 'text/plain' | 'file';
  /**
   * The codes only this route answers. VALIDATION_FAILED (input or ids), NOT_FOUND (ids),
   * UNAUTHORIZED (credentials), RATE_LIMITED (limited routes) and PAYLOAD_TOO_LARGE (bodies)
   * are added from the route's pipes, guards and decorators.
   */
  errors?: ErrorCode[];
  /** A 404 without an id in the path (a switched-off page). */
  notFound?: boolean;
  /** A 503 with this body instead of the error shape (the health check). */
  unavailable?: z.ZodType;
  /** Public, but an agent's access token is read when sent. */
  optionalAgent?: boolean;
}

/** Describes one route of the API for /api/openapi.json. */
export const ApiRoute = (doc: ApiRouteDoc) =>
  applyDecorators(ApiOperation({ summary: doc.summary, description: doc.description }), SetMetadata(API_ROUTE, doc));

/** The tag a controller's routes are listed under. */
export const ApiArea = (name: string) => ApiTags(name);
