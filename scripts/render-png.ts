import { readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/**
 * Renders every SVG of a report folder to PNG, for documents that cannot embed SVG:
 * `node dist/scripts/render-png.js demo-report docs` (the README's example comes from `npm run demo`).
 */
const [from = 'demo-report', to = 'docs'] = process.argv.slice(2);
for (const file of (await readdir(from)).filter((f) => f.endsWith('.svg'))) {
  const svg = await readFile(join(from, file), 'utf8');
  const png = new Resvg(svg, { background: 'white', fitTo: { mode: 'width', value: 960 } }).render().asPng();
  const out = join(to, `compare-${basename(file, '.svg')}.png`);
  await writeFile(out, png);
  process.stdout.write(`${out}\n`);
}
