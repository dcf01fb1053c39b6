// @vitest-environment node
// Size budgets, measured on the built files (run `npm run build` first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const KB = 1000;
const LOADER_GZIP_BUDGET = 3 * KB;
const FIRST_OPEN_GZIP_BUDGET = 20 * KB;
/** What a returning visitor's page fetches before any intent (peek chunk), beside the loader. */
const PEEK_GZIP_BUDGET = 1 * KB;
/** Each feature the chat fetches when first needed (files, uploads, rating, read receipts). */
const FEATURE_GZIP_BUDGET = 2 * KB;

const dist = join(import.meta.dirname, '..', '..', 'dist');
const read = (name: string) => readFileSync(join(dist, name));
const gzipSize = (name: string) => gzipSync(read(name), { level: 9 }).length;

interface Manifest {
  loader: string;
  peek: string;
  firstOpen: string[];
  languages: Record<string, string>;
  features: Record<string, string>;
  files: Record<string, { raw: number; gzip: number; brotli: number }>;
}

describe('built widget', () => {
  it('exists', () => {
    expect(existsSync(join(dist, 'widget.js')), 'dist/widget.js is missing: run `npm run build` first').toBe(true);
  });

  const manifest = JSON.parse(read('manifest.json').toString()) as Manifest;
  const chunks = readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js'));

  it(`keeps the loader within ${LOADER_GZIP_BUDGET / KB} KB gzip`, () => {
    expect(gzipSize('widget.js')).toBeLessThanOrEqual(LOADER_GZIP_BUDGET);
  });

  it(`keeps everything a first open needs within ${FIRST_OPEN_GZIP_BUDGET / KB} KB gzip`, () => {
    expect(manifest.firstOpen[0]).toBe('widget.js');
    expect(manifest.firstOpen.length).toBeGreaterThan(1);
    const total = manifest.firstOpen.reduce((sum, name) => sum + gzipSize(name), 0);
    expect(total).toBeLessThanOrEqual(FIRST_OPEN_GZIP_BUDGET);
  });

  it(`keeps a first open in any language within ${FIRST_OPEN_GZIP_BUDGET / KB} KB gzip`, () => {
    const base = manifest.firstOpen.reduce((sum, name) => sum + gzipSize(name), 0);
    expect(Object.keys(manifest.languages).sort()).toEqual(['ar', 'de', 'es', 'fr', 'pt-br']);
    for (const [language, chunk] of Object.entries(manifest.languages)) {
      expect(base + gzipSize(chunk), language).toBeLessThanOrEqual(FIRST_OPEN_GZIP_BUDGET);
    }
  });

  it(`keeps each lazily loaded feature within ${FEATURE_GZIP_BUDGET / KB} KB gzip, out of the first open`, () => {
    expect(Object.keys(manifest.features).sort()).toEqual(['files', 'rating', 'receipts', 'uploads']);
    const chat = read(manifest.firstOpen[1]).toString();
    for (const [feature, chunk] of Object.entries(manifest.features)) {
      expect(chunk, feature).toMatch(new RegExp(`^chunks/${feature}-`));
      expect(manifest.firstOpen, feature).not.toContain(chunk);
      // Fetched by the chat with import(), never by the loader.
      expect(chat, feature).toContain(chunk.slice('chunks/'.length));
      expect(gzipSize(chunk), feature).toBeLessThanOrEqual(FEATURE_GZIP_BUDGET);
    }
  });

  it(`keeps the returning visitor's peek chunk within ${PEEK_GZIP_BUDGET / KB} KB gzip`, () => {
    expect(manifest.peek).toMatch(/^chunks\/peek-/);
    expect(gzipSize(manifest.peek)).toBeLessThanOrEqual(PEEK_GZIP_BUDGET);
  });

  it('lists every chunk and its true sizes in the manifest', () => {
    expect(Object.keys(manifest.files).sort()).toEqual(['widget.js', ...chunks.map((c) => `chunks/${c}`)].sort());
    for (const [name, size] of Object.entries(manifest.files)) {
      expect(size.raw).toBe(read(name).length);
      expect(size.gzip).toBe(gzipSize(name));
    }
  });

  it('names chunks by content hash and loads only those the loader points at', () => {
    const loader = read('widget.js').toString();
    for (const chunk of chunks) expect(chunk).toMatch(/^[a-z]+(-[a-z]+)?-[A-Z0-9]{8}\.js$/);
    expect(manifest.firstOpen.filter((f) => f.startsWith('chunks/chat-')).every((f) => loader.includes(f))).toBe(true);
    expect(loader).toContain(manifest.peek);
  });

  it('ships precompressed copies identical to each file', () => {
    for (const name of ['widget.js', ...chunks.map((c) => `chunks/${c}`)]) {
      expect(gunzipSync(read(`${name}.gz`)).equals(read(name))).toBe(true);
      expect(brotliDecompressSync(read(`${name}.br`)).equals(read(name))).toBe(true);
    }
  });

  it('keeps the loader a classic script: no static import or export', () => {
    const loader = read('widget.js').toString();
    expect(loader).not.toMatch(/(^|[;}])\s*(import\s*[{*\w]|export\s)/);
  });

  it('needs nothing a strict CSP forbids: no eval, no Function constructor', () => {
    for (const name of ['widget.js', ...chunks.map((c) => `chunks/${c}`)]) {
      const code = read(name).toString();
      expect(code, name).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
