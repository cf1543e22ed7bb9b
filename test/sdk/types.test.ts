import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/samples';
import { guideSamples, NODE_ONLY, referenceExamples, STRICT_OPTIONS, TSC_INIT_OPTIONS, typecheck, typeTestFiles, type TsFile } from './support/typecheck';

/**
 * The type-level suite: the expect-type tests of test/sdk/types, every TypeScript sample of the
 * guides (sdk-docs/guides, sdk-docs/apps) and every `@example` of the SDK's reference, compiled
 * against the built package (`@lumiku/sdk` → sdk-js/dist through its `exports`) in a Node-only
 * project (`lib: ["ES2023"]`, `types: ["node"]`), once under `strict` and once under the options
 * `tsc --init` writes (`exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, …).
 */
describe('SDK types: type tests, guide samples and reference examples under strict and exactOptionalPropertyTypes', function () {
  this.timeout(180_000);
  const dir = path.join(ROOT, '.lumiku', `sdk-types-${crypto.randomBytes(4).toString('hex')}`);
  let files: TsFile[];

  before(async function () {
    this.timeout(120_000);
    await promisify(execFile)('npm', ['run', 'build', '-w', 'sdk-js'], { cwd: ROOT });
    files = [...typeTestFiles(), ...guideSamples(), ...referenceExamples()];
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when the files are collected, then every guide sample, type test and reference example is among them', () => {
    const count = (prefix: string) => files.filter((f) => f.name.startsWith(prefix)).length;
    assert.ok(count('guides-') >= 10, `${count('guides-')} guide samples`);
    assert.ok(count('apps-') >= 6, `${count('apps-')} app samples`);
    assert.ok(count('example-') >= 30, `${count('example-')} reference examples`);
    assert.ok(files.some((f) => f.name === 'client.types.mts' && f.code.includes("from '@lumiku/sdk'")));
    assert.ok(files.some((f) => f.name.startsWith('guides-quickstart') && f.code.includes('new Lumiku({ apiKey: process.env.LUMIKU_API_KEY')));
    assert.ok(files.some((f) => f.name.startsWith('example-jobs') && f.code.includes('.quote(')));
  });

  it('when compiled under strict (Node-only lib), then tsc reports nothing', async () => {
    assert.equal(await typecheck(path.join(dir, 'strict'), files, { ...STRICT_OPTIONS, ...NODE_ONLY, skipLibCheck: true }), '');
  });

  it('when compiled under the options of tsc --init (exactOptionalPropertyTypes, noUncheckedIndexedAccess, verbatimModuleSyntax; Node-only lib, library types checked too), then tsc reports nothing', async () => {
    assert.equal(await typecheck(path.join(dir, 'init'), files, { ...TSC_INIT_OPTIONS, ...NODE_ONLY, skipLibCheck: false }), '');
  });

  it('when a sample passes undefined where the options do not allow it, then the same compile fails (the check can fail)', async () => {
    const bad: TsFile = {
      name: 'bad.mts',
      code: "import { Lumiku } from '@lumiku/sdk';\nconst lumiku = new Lumiku();\nawait lumiku.videoMixes.create({ clips: undefined });\nconst q = await lumiku.videoMixes.quote({ clips: [] });\nconsole.log(q.credits);\n",
    };
    const out = await typecheck(path.join(dir, 'bad'), [bad], { ...TSC_INIT_OPTIONS, ...NODE_ONLY, skipLibCheck: true });
    assert.match(out, /bad\.mts\(3,/);
    assert.match(out, /bad\.mts\(5,.*Property 'credits' does not exist/);
  });
});
