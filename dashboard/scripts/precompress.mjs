// Writes .br and .gz next to every text asset of the build, so the API can send them as they are.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('../dist/browser/', import.meta.url).pathname;
let files = 0;
for (const name of readdirSync(root, { recursive: true })) {
  if (!/\.(js|css|html|svg|json|txt)$/.test(name)) continue;
  const path = join(root, name);
  const data = readFileSync(path);
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  files += 1;
}
console.log(`precompressed ${files} files in ${root}`);
