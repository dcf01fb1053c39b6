import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { RequestContext } from '../common/request-context';

/** An incoming `X-Request-Id` is kept when it is a plain token; anything else gets a fresh id. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** What a request's route was, as a label: the route's template, never a raw URL with ids in it. */
export function routeOf(req: Request, status: number): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  // No route matched: the static files of the widget and the console, or nothing at all.
  return status === 404 ? 'unmatched' : 'static';
}

export type RequestObserver = (method: string, route: string, status: number, seconds: number) => void;

/**
 * First on every HTTP request: its id (the caller's `X-Request-Id` when sane, else a new one,
 * echoed in the response), the request scope the logs and the audit read it from, and when the
 * response is done, one log line and one observation (method, route template, status, duration).
 * The logged path has no query string: tokens travel there (unsubscribe links).
 */
export function httpRequests(logger: Logger, observe: RequestObserver) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = res.statusCode;
      const route = routeOf(req, status);
      observe(req.method, route, status, seconds);
      // Failures are logged where they happen (the error filter, with the stack); this is the summary.
      if (!logger.isLevelEnabled('info')) return;
      const path = req.originalUrl.split('?', 1)[0];
      logger.info(
        {
          requestId,
          method: req.method,
          path,
          route,
          status,
          ms: Math.round(seconds * 10_000) / 10,
          ...(res.writableFinished ? {} : { aborted: true }),
        },
        'request',
      );
    });
    RequestContext.run({ requestId, ip: req.ip ?? null }, next);
  };
}
