// After `tsc -p tsconfig.build.json`: copies the files the sources read at run time (catalogues and
// any other non-TypeScript file beside them) into dist/, so dist/ runs on its own.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const copied = [];
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (!entry.name.endsWith('.ts')) {
      const dest = path.join(root, 'dist', path.relative(root, full));
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(full, dest);
      copied.push(path.relative(root, full));
    }
  }
}
for (const dir of ['api/src', 'workers/src', 'migrations']) walk(path.join(root, dir));
console.log(`copied ${copied.length} asset(s) into dist/: ${copied.join(', ')}`);
