import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Headers on every response: no MIME sniffing, no referrer leaking to other sites, HSTS when
 * Zendo is served over https. Cross-origin embedding stays allowed: the widget's script and
 * API are fetched from every site that embeds it.
 */
export function securityHeaders(publicUrl: string) {
  return helmet({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginResourcePolicy: false,
    crossOriginOpenerPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: publicUrl.startsWith('https:') ? { maxAge: 180 * 24 * 3600 } : false,
    xFrameOptions: { action: 'deny' },
  });
}

/**
 * The console's page: scripts only from Zendo itself (none inline), never inside a frame.
 * Styles allow inline because Angular adds each component's styles as a <style> element.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function consolePolicy(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  next();
}
