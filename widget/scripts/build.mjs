// Builds dist/: widget.js (the loader, a classic script) and the content-hashed
// chunks it imports on demand, each with .gz and .br next to it, plus
// manifest.json with sizes and what a first open needs.
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

const common = {
  bundle: true,
  minify: true,
  write: false,
  platform: 'browser',
  // Browsers from 2022 on; private fields and ?? stay native, which is smaller.
  target: ['chrome100', 'firefox100', 'safari15.4', 'edge100'],
  legalComments: 'external',
  charset: 'utf8',
  logLevel: 'warning',
  plugins: [compactCss(), noVersionGlobal()],
};

/**
 * lit-html announces itself by pushing its version onto `window.litHtmlVersions`, a global the
 * embed contract does not allow (the page owns `window`). Cut that one statement out; fail the
 * build if a new lit-html writes it some other way, rather than leak it silently.
 */
function noVersionGlobal() {
  const marker = /\(\w+\.litHtmlVersions\?\?=\[\]\)\.push\("[^"]*"\)/;
  return {
    name: 'no-version-global',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/]lit-html[\\/].*\.js$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        if (!source.includes('litHtmlVersions')) return undefined;
        const contents = source.replace(marker, 'void 0');
        if (contents.includes('litHtmlVersions')) {
          return { errors: [{ text: `${path} writes window.litHtmlVersions in a way the build does not remove` }] };
        }
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * `*.styles.ts` hold CSS in template strings, which esbuild does not minify as
 * CSS: minify each with esbuild's CSS minifier, then drop the spaces it keeps
 * in custom property values (`--_x: var(--y, #fff)`).
 */
function compactCss() {
  return {
    name: 'compact-css',
    setup(build) {
      build.onLoad({ filter: /\.styles\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        let contents = '';
        let last = 0;
        for (const match of source.matchAll(/= `([^`]*)`/g)) {
          const { code } = await esbuild.transform(match[1], { loader: 'css', minify: true, target: common.target });
          const compact = code.trim().replace(/: /g, ':').replace(/, /g, ',');
          contents += source.slice(last, match.index) + '= `' + compact + '`';
          last = match.index + match[0].length;
        }
        return { contents: contents + source.slice(last), loader: 'ts' };
      });
    },
  };
}

/** RFC 4648 base32 (A–Z, 2–7), the alphabet of esbuild's own chunk hashes. */
function base32(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

async function build() {
  await rm(dist, { recursive: true, force: true });

  // Three builds: the loader must stay a classic script, and the peek chunk shares nothing. The chat is split only
  // where it imports a language (each its own chunk, fetched when chosen) or a feature
  // in src/chat/lazy/ (files, upload, rating: fetched the first time they are needed); code
  // shared between the chat and those would be one more request in the
  // chain, so the build refuses it.
  const chat = await esbuild.build({
    ...common,
    entryPoints: { chat: 'src/chat/index.ts' },
    format: 'esm',
    splitting: true,
    metafile: true,
    outdir: join(dist, 'chunks'),
    entryNames: '[name]-[hash]',
    chunkNames: '[name]-[hash]',
  });
  const outputs = Object.entries(chat.metafile.outputs).filter(([name]) => name.endsWith('.js'));
  const chunkPath = (name) => relative(dist, name).split('\\').join('/');
  const esbuildChatPath = chunkPath(outputs.find(([, meta]) => meta.entryPoint === 'src/chat/index.ts')[0]);
  const languages = {};
  const features = {};
  for (const [name, meta] of outputs) {
    const language = /src\/i18n\/([a-z-]+)\.ts$/.exec(meta.entryPoint ?? '')?.[1];
    const feature = /src\/chat\/lazy\/([a-z-]+)\.ts$/.exec(meta.entryPoint ?? '')?.[1];
    if (language) languages[language] = chunkPath(name);
    else if (feature) features[feature] = chunkPath(name);
    else if (chunkPath(name) !== esbuildChatPath)
      throw new Error(`unexpected shared chunk ${name}: keep languages and lazy features self-contained`);
    if (meta.imports.some((i) => i.kind === 'import-statement'))
      throw new Error(`${name} imports another chunk statically`);
  }

  // Every first open pays for the chat chunk, so it gets terser's harder minification too (about
  // 2% fewer gzip bytes), and a name hashed from that output. Nothing imports it by name but the
  // loader, built below; the chunks it imports keep esbuild's output and names.
  const chatFile = chat.outputFiles.find((f) => chunkPath(f.path) === esbuildChatPath);
  const chatCode = (await minify(chatFile.text, { ecma: 2020, module: true, compress: { passes: 2 } })).code;
  const chatHash = createHash('sha256').update(chatCode).digest();
  const chatPath = `chunks/chat-${base32(chatHash).slice(0, 8)}.js`;
  const chatOutput = { path: join(dist, chatPath), contents: Buffer.from(chatCode) };
  const chatOutputs = chat.outputFiles.map((f) => (f === chatFile ? chatOutput : f));

  const peek = await esbuild.build({
    ...common,
    entryPoints: { peek: 'src/returning-visitor.ts' },
    format: 'esm',
    outdir: join(dist, 'chunks'),
    entryNames: '[name]-[hash]',
  });
  const peekPath = chunkPath(peek.outputFiles.find((f) => f.path.endsWith('.js')).path);

  const loader = await esbuild.build({
    ...common,
    entryPoints: ['src/widget.ts'],
    format: 'iife',
    outfile: join(dist, 'widget.js'),
    define: { __ZENDO_CHAT_CHUNK__: JSON.stringify(chatPath), __ZENDO_PEEK_CHUNK__: JSON.stringify(peekPath) },
  });

  // Every page with the widget pays for the loader, so it gets a second, harder minification
  // (about 2% fewer gzip bytes than esbuild's alone). The chunks keep esbuild's output: their
  // names are hashes of it, and a rewrite after hashing would break that.
  const loaderFile = loader.outputFiles.find((f) => f.path.endsWith('widget.js'));
  const harder = await minify(loaderFile.text, { ecma: 2020, toplevel: true, compress: { passes: 2 } });
  const loaderOutput = { path: loaderFile.path, contents: Buffer.from(harder.code) };

  const files = {};
  const legal = [];
  const others = loader.outputFiles.filter((f) => f !== loaderFile);
  for (const file of [loaderOutput, ...others, ...chatOutputs, ...peek.outputFiles]) {
    const name = relative(dist, file.path).split('\\').join('/');
    if (name.endsWith('.LEGAL.txt')) {
      legal.push(file.text);
      continue;
    }
    await mkdir(dirname(file.path), { recursive: true });
    const gz = gzipSync(file.contents, { level: 9 });
    const br = brotliCompressSync(file.contents, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: file.contents.length },
    });
    await writeFile(file.path, file.contents);
    await writeFile(file.path + '.gz', gz);
    await writeFile(file.path + '.br', br);
    files[name] = { raw: file.contents.length, gzip: gz.length, brotli: br.length };
  }
  if (legal.length) await writeFile(join(dist, 'THIRD_PARTY_NOTICES.txt'), [...new Set(legal)].join('\n'));

  // Everything is needed on a first open: the loader, then the chat.
  const firstOpen = ['widget.js', chatPath];
  const total = (names, key) => names.reduce((sum, name) => sum + files[name][key], 0);
  const manifest = {
    loader: 'widget.js',
    chat: chatPath,
    // Fetched after load for a returning visitor only.
    peek: peekPath,
    firstOpen,
    // Added to a first open in that language; English is part of the chat chunk.
    languages,
    // Fetched the first time the chat needs them, never for a first open.
    features,
    totals: {
      loader: files['widget.js'],
      firstOpen: { raw: total(firstOpen, 'raw'), gzip: total(firstOpen, 'gzip'), brotli: total(firstOpen, 'brotli') },
    },
    files,
  };
  await writeFile(join(dist, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');

  const kb = (n) => (n / 1000).toFixed(1) + ' KB';
  for (const [name, size] of Object.entries(files)) {
    console.log(
      `${name.padEnd(28)} ${kb(size.raw).padStart(9)} raw ${kb(size.gzip).padStart(8)} gzip ${kb(size.brotli).padStart(8)} br`,
    );
  }
  const { loader: l, firstOpen: f } = manifest.totals;
  console.log(`loader ${kb(l.gzip)} gzip; first open ${kb(f.gzip)} gzip (${firstOpen.length} files)`);
}

await build();
