/**
 * Builds the documentation site into sdk-docs/site: the hand-written guides (sdk-docs/guides,
 * sdk-docs/apps) and the TypeDoc reference of the SDK, in one static site (open site/index.html).
 * Any TypeDoc warning (a broken link, an undocumented reference) fails the build.
 *
 *   npm run docs
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export const DOCS_DIR = path.resolve(__dirname, '..', 'sdk-docs');
const TYPEDOC = path.resolve(__dirname, '..', 'node_modules/typedoc/bin/typedoc');

export async function buildDocs(out = path.join(DOCS_DIR, 'site')): Promise<{ out: string; log: string }> {
  // TypeDoc is an ES module; its CLI runs it without tying this CommonJS script to its loader.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [TYPEDOC, '--options', path.join(DOCS_DIR, 'typedoc.json'), '--out', out], { cwd: DOCS_DIR, maxBuffer: 16 * 1024 * 1024 });
  return { out, log: stdout + stderr };
}

if (require.main === module) {
  const started = performance.now();
  buildDocs().then(
    ({ out }) => console.log(`docs: ${path.relative(process.cwd(), out)}/index.html (${((performance.now() - started) / 1000).toFixed(1)}s)`),
    (err: { stdout?: string; stderr?: string; message: string }) => {
      console.error(err.stdout ?? '', err.stderr ?? '', err.message);
      process.exit(1);
    },
  );
}
