import type { NextFunction, Request, Response } from 'express';

const WIDGET_PREFIX = '/api/v1/widget/';

/**
 * Widget endpoints answer any origin at the CORS layer; the website's own allowlist is enforced
 * by the handlers (403 ORIGIN_NOT_ALLOWED), which know the website. Agent endpoints are
 * same-origin, plus CORS_ORIGINS.
 */
export function cors(agentOrigins: string[]) {
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    const widget = req.path.startsWith(WIDGET_PREFIX);
    if (!widget && !agentOrigins.includes(origin)) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.vary('Origin');
    if (!widget) res.setHeader('Access-Control-Allow-Credentials', 'true');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', widget ? 'GET, POST, PATCH' : 'GET, POST, PATCH, PUT, DELETE');
      res.setHeader(
        'Access-Control-Allow-Headers',
        widget ? 'Content-Type, X-Visitor-Token' : 'Content-Type, Authorization',
      );
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
