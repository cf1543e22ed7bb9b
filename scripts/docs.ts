/**
 * Builds the documentation site into sdk-docs/site: the hand-written guides (sdk-docs/guides,
 * sdk-docs/apps), the error reference generated from the code catalogue, and the TypeDoc reference
 * of the SDK, in one static site (open site/index.html). Any TypeDoc warning (a broken link, an
 * undocumented reference) fails the build.
 *
 *   npm run docs                              the site (writes the error reference first)
 *   npx tsx scripts/docs.ts error-codes       only sdk-docs/guides/error-codes.md
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ERROR_CODES, type ErrorCode } from '../api/src/errors/codes';

export const DOCS_DIR = path.resolve(__dirname, '..', 'sdk-docs');
const TYPEDOC = path.resolve(__dirname, '..', 'node_modules/typedoc/bin/typedoc');

/** The error reference page: generated from api/src/errors/codes.ts, committed, checked for drift by the tests. */
export const ERROR_REFERENCE = path.join(DOCS_DIR, 'guides', 'error-codes.md');

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * The Markdown of the error reference: one section per code, its heading the code itself, so
 * `#<code>` (a problem document's `type`, `<ERROR_DOCS_BASE_URL>#<code>`) lands on it.
 */
export function renderErrorReference(): string {
  const codes = (Object.entries(ERROR_CODES) as [ErrorCode, readonly [number, string]][]).sort(([a, [sa]], [b, [sb]]) => sa - sb || a.localeCompare(b));
  const lines = [
    '---',
    'title: Error codes',
    'group: Guides',
    '---',
    '',
    '<!-- Generated from the API\'s error catalogue by `npx tsx scripts/docs.ts error-codes`; do not edit. -->',
    '',
    '# Error codes',
    '',
    'Every error answer is a problem document whose `code` is one of these, and whose `type` is this',
    "page's anchor for it (`https://docs.lumiku.dev/errors#<code>`, or wherever the deployment publishes",
    'this page). Codes are stable and only ever added. The [errors guide](errors.md) shows how to read them',
    'with curl and with the SDK.',
    '',
    '```sh',
    '# A problem document names its code and links here',
    'curl -sS -H "Authorization: Bearer $LUMIKU_API_KEY" "${LUMIKU_BASE_URL:-http://localhost:8080}/v1/files/file_nope" | jq -r \'.type, .code\'',
    '```',
    '',
    '| code | status |',
    '|---|---|',
    ...codes.map(([code, [status]]) => `| [\`${code}\`](#${code}) | ${status} |`),
    '',
  ];
  for (const [code, [status, meaning]] of codes) {
    lines.push(`## ${code}`, '', `**${status} ${STATUS_TEXT[status] ?? ''}**`.replace(/ \*\*$/, '**'), '', meaning, '');
  }
  return lines.join('\n');
}

/** Writes the error reference; says whether it changed. */
export function writeErrorReference(): boolean {
  const text = renderErrorReference();
  const before = fs.existsSync(ERROR_REFERENCE) ? fs.readFileSync(ERROR_REFERENCE, 'utf8') : '';
  if (before === text) return false;
  fs.writeFileSync(ERROR_REFERENCE, text);
  return true;
}

export async function buildDocs(out = path.join(DOCS_DIR, 'site')): Promise<{ out: string; log: string }> {
  // TypeDoc is an ES module; its CLI runs it without tying this CommonJS script to its loader.
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [TYPEDOC, '--options', path.join(DOCS_DIR, 'typedoc.json'), '--out', out], { cwd: DOCS_DIR, maxBuffer: 16 * 1024 * 1024 });
  return { out, log: stdout + stderr };
}

if (require.main === module && process.argv[2] === 'error-codes') {
  console.log(`${path.relative(process.cwd(), ERROR_REFERENCE)}: ${writeErrorReference() ? 'written' : 'up to date'}`);
} else if (require.main === module) {
  writeErrorReference();
  const started = performance.now();
  buildDocs().then(
    ({ out }) => console.log(`docs: ${path.relative(process.cwd(), out)}/index.html (${((performance.now() - started) / 1000).toFixed(1)}s)`),
    (err: { stdout?: string; stderr?: string; message: string }) => {
      console.error(err.stdout ?? '', err.stderr ?? '', err.message);
      process.exit(1);
    },
  );
}
