// Writes .br and .gz next to every text asset of the build, so the API can send them as they are.
// The compressions run on libuv's thread pool, side by side.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const root = new URL('../dist/browser/', import.meta.url).pathname;
const names = (await readdir(root, { recursive: true })).filter((name) =>
  /\.(js|css|html|svg|json|txt)$/.test(name),
);
await Promise.all(
  names.map(async (name) => {
    const path = join(root, name);
    const data = await readFile(path);
    const [gzipped, brotlied] = await Promise.all([
      gz(data, { level: 9 }),
      br(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    ]);
    await Promise.all([writeFile(`${path}.gz`, gzipped), writeFile(`${path}.br`, brotlied)]);
  }),
);
console.log(`precompressed ${names.length} files in ${root}`);
