import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/** The project root (the folder whose package.json is Zendo's), from src/ in tests or dist/src/ when built. */
export function projectRoot(from = __dirname): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'zendo') {
      return dir;
    }
  }
  return process.cwd();
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** A file under `root` for a URL path, or null (no escaping the folder, no dotfiles). */
function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const file = normalize(join(root, decoded));
  if (!file.startsWith(root + sep)) return null;
  return existsSync(file) ? file : null;
}

/** Sends `file`, or its precompressed .br/.gz sibling when the client accepts it. */
function sendPrecompressed(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  let chosen = file;
  if (/\bbr\b/.test(accepts) && existsSync(`${file}.br`)) {
    chosen = `${file}.br`;
    res.setHeader('Content-Encoding', 'br');
  } else if (/\bgzip\b/.test(accepts) && existsSync(`${file}.gz`)) {
    chosen = `${file}.gz`;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.sendFile(chosen, { dotfiles: 'deny', lastModified: true, etag: true }, (error) => {
    if (error && !res.headersSent) next();
  });
}

/**
 * The widget: `/widget.js` (short cache: a deploy reaches every site within minutes) and its
 * content-hashed chunks under `/chunks/` (cached for a year). Any site may load them, so both
 * answer CORS `*` (chunks are fetched as modules, which needs CORS) and allow cross-origin embedding.
 */
export function widgetAssets(widgetDist: string) {
  const root = resolve(widgetDist);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const isLoader = req.path === '/widget.js';
    if (!isLoader && !req.path.startsWith('/chunks/')) return next();
    const file = fileUnder(root, req.path);
    if (!file || !file.endsWith('.js')) return next();
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    sendPrecompressed(req, res, next, file, isLoader ? 'public, max-age=300' : 'public, max-age=31536000, immutable');
  };
}

/**
 * The agent console at `/app/`: hashed files cached for a year, index.html never cached, and
 * every other path under /app/ answered with index.html so deep links work.
 */
export function consoleAssets(consoleDist: string) {
  const root = resolve(consoleDist);
  const index = join(root, 'index.html');
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/app') return res.redirect(301, '/app/');
    if (!req.path.startsWith('/app/')) return next();
    const file = req.path === '/app/' ? null : fileUnder(root, req.path.slice('/app'.length));
    if (file && file !== index) {
      const hashed = /[.-][A-Z0-9]{8,}\.(js|css|woff2)$/i.test(file);
      return sendPrecompressed(
        req,
        res,
        next,
        file,
        hashed ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      );
    }
    if (extname(req.path) && req.path !== '/app/') return next();
    if (!existsSync(index)) return next();
    sendPrecompressed(req, res, next, index, 'no-cache');
  };
}
