import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ERROR_CODES } from '../../api/src/errors/codes';
import { ERROR_REFERENCE, renderErrorReference } from '../../scripts/docs';

const ROOT = path.join(__dirname, '..', '..');

function filesUnder(dir: string, ext: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ext) && !f.startsWith('site')).map((f) => path.join(dir, f));
}

/** Issue 12: the error reference is published (generated from the catalogue), and a code outside it does not compile. */
describe('contract: the error reference and the code catalogue', function () {
  this.timeout(60_000);

  it('when sdk-docs/guides/error-codes.md is compared with the catalogue, then it is what `scripts/docs.ts error-codes` writes (no drift)', () => {
    assert.ok(fs.existsSync(ERROR_REFERENCE), 'run: npx tsx scripts/docs.ts error-codes');
    assert.equal(fs.readFileSync(ERROR_REFERENCE, 'utf8'), renderErrorReference(), 'stale: run npx tsx scripts/docs.ts error-codes');
  });

  it('when the reference is read, then every code has its own section (the anchor of its problem type) with its status and meaning', () => {
    const page = renderErrorReference();
    for (const [code, [status, meaning]] of Object.entries(ERROR_CODES)) {
      const section = new RegExp(`^## ${code}\\n\\n\\*\\*${status} [^*]+\\*\\*\\n\\n(.*)$`, 'm').exec(page);
      assert.ok(section, `no section for ${code}`);
      assert.equal(section[1], meaning);
    }
    const headings = page.match(/^## (\w+)$/gm) ?? [];
    assert.equal(headings.length, Object.keys(ERROR_CODES).length);
    assert.ok(JSON.parse(fs.readFileSync(path.join(ROOT, 'sdk-docs/typedoc.json'), 'utf8')).projectDocuments.includes('guides/error-codes.md'), 'the page is part of the site');
  });

  it('when the guides and the SDK readme are read, then none sends readers to source files they do not have', () => {
    const docs = [...filesUnder(path.join(ROOT, 'sdk-docs'), '.md'), path.join(ROOT, 'sdk-js/README.md')].filter((f) => fs.existsSync(f));
    const offenders = docs.flatMap((f) =>
      fs
        .readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${path.relative(ROOT, f)}:${i + 1}` }))
        .filter(({ line }) => /\b(api|workers|scripts)\/src\/|\bcodes\.ts\b/.test(line)),
    );
    assert.deepEqual(offenders.map((o) => `${o.at}: ${o.line.trim()}`), []);
    assert.match(fs.readFileSync(path.join(ROOT, 'sdk-docs/guides/errors.md'), 'utf8'), /\(error-codes\.md\)/);
  });

  it('when ApiError is given a code that is not catalogued, then it does not compile; a catalogued one does', () => {
    fs.mkdirSync(path.join(ROOT, '.lumiku'), { recursive: true }); // git-ignored; absent in a fresh clone
    const dir = fs.mkdtempSync(path.join(ROOT, '.lumiku', 'api-error-type-'));
    try {
      const apiError = path.join(ROOT, 'api/src/errors/api-error').replace(/\\/g, '/');
      const good = path.join(dir, 'good.ts');
      const bad = path.join(dir, 'bad.ts');
      fs.writeFileSync(good, `import { ApiError, badRequest } from '${apiError}';\nexport const a = new ApiError(400, 'invalid_json', 'x');\nexport const b = badRequest('invalid_request', 'x');\nexport const c: string = a.code;\n`);
      fs.writeFileSync(bad, `import { ApiError, badRequest } from '${apiError}';\nexport const a = new ApiError(400, 'not_a_catalogued_code', 'x');\nexport const b = badRequest('bad_thing', 'x');\n`);
      const diagnostics = (file: string) =>
        ts.getPreEmitDiagnostics(ts.createProgram([file], { strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: ['node'] })).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      assert.deepEqual(diagnostics(good), []);
      const errors = diagnostics(bad);
      assert.equal(errors.length, 2, errors.join('\n'));
      for (const e of errors) assert.match(e, /not assignable to parameter of type 'ErrorCode'|not assignable to parameter of type '"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the source raises an ApiError with a literal code, then its status is the one the reference documents', () => {
    const helpers: Record<string, number> = { badRequest: 400, conflict: 409, forbidden: 403, unauthenticated: 401, unavailable: 503 };
    const mismatches: string[] = [];
    for (const file of [...filesUnder(path.join(ROOT, 'api/src'), '.ts'), ...filesUnder(path.join(ROOT, 'workers/src'), '.ts')]) {
      const text = fs.readFileSync(file, 'utf8');
      const uses = [
        ...[...text.matchAll(/new ApiError\((\d+),\s*'(\w+)'/g)].map((m) => [Number(m[1]), m[2]] as const),
        ...[...text.matchAll(/\b(badRequest|conflict|forbidden|unauthenticated|unavailable)\('(\w+)'/g)].map((m) => [helpers[m[1]], m[2]] as const),
      ];
      for (const [status, code] of uses) {
        const documented = (ERROR_CODES as Record<string, readonly [number, string]>)[code]?.[0];
        if (documented !== status) mismatches.push(`${path.relative(ROOT, file)}: ${code} sent as ${status}, documented as ${documented}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });
});
