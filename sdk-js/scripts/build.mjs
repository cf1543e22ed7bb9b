// Dual build: dist/esm (ES modules) and dist/cjs (CommonJS), each with .d.ts files.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dist = join(pkgDir, 'dist');

// The package's version is the spec's info.version (scripts/sync-version.mjs): never publish a drifted one.
const { drift, SPEC_FILE } = await import('./sync-version.mjs');
if (existsSync(SPEC_FILE)) {
  const problems = drift();
  if (problems.length) {
    console.error(`${problems.join('\n')}\nRun: npm run sync-version -w sdk-js`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
for (const [project, format, type] of [
  ['tsconfig.json', 'esm', 'module'],
  ['tsconfig.cjs.json', 'cjs', 'commonjs'],
]) {
  execFileSync(process.execPath, [tsc, '-p', join(pkgDir, project)], { stdio: 'inherit' });
  // Marks each output tree's module format for Node and for TypeScript's node16/nodenext resolution.
  mkdirSync(join(dist, format), { recursive: true });
  writeFileSync(join(dist, format, 'package.json'), `${JSON.stringify({ type })}\n`);
}
