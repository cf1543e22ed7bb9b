import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { ROOT, samplesOf } from '../support/samples';
import { TSC } from './support/typecheck';

const run = promisify(execFile);
const SDK = path.join(ROOT, 'sdk-js');

/** Every feature a user reaches for, in one program: compiled under tsc --init's options, then run. */
const TOUR = `import { APIError, Lumiku, VERSION, WaitTimeoutError, type JobStreamEvent, type Logger } from '@lumiku/sdk';
import { accountRetrieve, createLumikuClient } from '@lumiku/sdk/raw';

const logged: string[] = [];
const logger: Logger = { error: (m) => logged.push(m), warn: (m) => logged.push(m), info: (m) => logged.push(m), debug: (m, ...rest) => logged.push(m + JSON.stringify(rest)) };
const lumiku = new Lumiku({ apiKey: process.env.LUMIKU_API_KEY, baseUrl: process.env.LUMIKU_BASE_URL, logLevel: 'debug', logger });
const say = (step: string, fields: object) => console.log(JSON.stringify({ step, ...fields }));

const { data: account, response, requestId, rateLimit } = await lumiku.account.retrieve().withResponse();
say('account', { id: account.id, status: response.status, requestId, rateLimit });

const quiet = lumiku.withOptions({ logLevel: 'off', timeout: 30_000, maxRetries: undefined });
const [a, b] = await Promise.all([quiet.files.upload('photo-1.jpg'), quiet.files.upload('photo-2.jpg', { filename: process.env.NO_SUCH_NAME })]);
const job = await quiet.carousels.create({ slides: [{ images: [a.id, b.id], texts: ['Summer sale'] }, { images: [b.id] }], sets: 1, webhook_url: process.env.NO_SUCH_WEBHOOK_URL, external_id: undefined });
const events: string[] = [];
for await (const e of quiet.carousels.stream(job.id, { lastEventId: process.env.NO_SUCH_EVENT })) {
  const typed: JobStreamEvent<'carousel'> = e;
  if (typed.event !== 'progress') events.push(typed.event + ':' + typed.data.data.object.status);
}
try {
  const done = await quiet.carousels.wait(job.id, { timeoutMs: 60_000 });
  say('carousel', { status: done.status, outputs: done.outputs.length, events });
} catch (err) {
  if (quiet.carousels.isWaitTimeout(err)) say('timeout', { status: err.job.status });
  else if (err instanceof WaitTimeoutError) say('timeout', { status: err.job.status });
  else throw err;
}

const raw = await accountRetrieve({ client: createLumikuClient({ apiKey: process.env.LUMIKU_API_KEY ?? '', baseUrl: process.env.LUMIKU_BASE_URL ?? '' }) });
say('raw', { id: raw.data?.id, status: raw.response.status });

try {
  await quiet.files.retrieve('file_missing');
} catch (err) {
  if (err instanceof APIError) say('error', { status: err.status, code: err.code, requestId: err.requestId });
}
say('logs', { version: VERSION, lines: logged.length, leaked: logged.some((l) => l.includes(process.env.LUMIKU_API_KEY ?? '-')) });
`;

/** The raw layer from a CommonJS project with the old resolution (`typesVersions` finds `/raw`). */
const LEGACY = `import { Lumiku } from '@lumiku/sdk';
import { accountRetrieve, createLumikuClient } from '@lumiku/sdk/raw';
const lumiku = new Lumiku({ apiKey: process.env.LUMIKU_API_KEY, baseUrl: process.env.LUMIKU_BASE_URL });
export const calls = [lumiku.account.retrieve(), accountRetrieve({ client: createLumikuClient({ apiKey: 'lk_test_x', baseUrl: 'http://localhost:8080' }) })];
`;

/** A browser project: the DOM's types and no Node types at all. */
const BROWSER = `import { Lumiku, type LumikuEvent } from '@lumiku/sdk';
import { accountRetrieve } from '@lumiku/sdk/raw';
const input = document.querySelector('input');
const lumiku = new Lumiku({ apiKey: input?.value, baseUrl: location.origin, fetch: window.fetch.bind(window) });
const file = input?.files?.[0];
if (file) await lumiku.files.upload(file, { onProgress: ({ loaded, total }) => console.log(loaded, total) });
export const types: [LumikuEvent | undefined, typeof accountRetrieve] = [undefined, accountRetrieve];
`;

/**
 * The SDK as a new user gets it: `npm pack` the package, install the tarball into an empty project
 * (offline: the package has no dependencies), `tsc --init`, and compile with those settings
 * (`exactOptionalPropertyTypes`, …) in a Node-only project (`lib: ["ES2023"]`, `types: ["node"]`),
 * including the library's own declarations (`skipLibCheck: false`); also as CommonJS with the old
 * module resolution, and as a browser project without Node's types. The compiled quickstart and a
 * tour of the client then run against the real API and worker started here.
 */
describe('SDK in a fresh project: packed, installed offline, compiled under tsc --init, run against the API', function () {
  this.timeout(300_000);
  let app: TestApp;
  let tmp: string;
  let project: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(240_000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-fresh-'));
    project = path.join(tmp, 'app');
    fs.mkdirSync(project);
    const [started] = await Promise.all([
      startTestApp({}, { worker: true }),
      (async () => {
        // Runs prepack (the build) first, as `npm publish` would.
        const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: SDK, maxBuffer: 16 << 20 });
        const tarball = path.join(tmp, JSON.parse(stdout.slice(stdout.indexOf('[')))[0].filename);
        fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true, type: 'module' }, null, 2));
        // As a user would, outside any npm run: none of this repository's npm_* settings.
        const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
        await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], { cwd: project, env: clean });
        await run(process.execPath, [TSC, '--init'], { cwd: project });
        fs.renameSync(path.join(project, 'tsconfig.json'), path.join(project, 'tsconfig.init.json'));
        for (const [i, color] of ['#e11d48', '#2563eb'].entries()) await sharp({ create: { width: 400, height: 300, channels: 3, background: color } }).jpeg().toFile(path.join(project, `photo-${i + 1}.jpg`));
      })(),
    ]);
    app = started;
    const acct = await createTestAccount(app.db, { balance: 100 });
    env = { ...process.env, LUMIKU_API_KEY: acct.test, LUMIKU_BASE_URL: app.baseUrl };
    delete env.LUMIKU_LOG;
  });
  after(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Writes a tsconfig extending tsc --init's and compiles with it; rejects with tsc's report. */
  async function compile(name: string, compilerOptions: Record<string, unknown>, files: string[]) {
    const config = { extends: './tsconfig.init.json', compilerOptions: { skipLibCheck: false, sourceMap: false, declaration: false, declarationMap: false, typeRoots: [path.join(ROOT, 'node_modules/@types')], ...compilerOptions }, files };
    fs.writeFileSync(path.join(project, name), JSON.stringify(config, null, 2));
    await run(process.execPath, [TSC, '-p', name], { cwd: project }).catch((err: { stdout: string }) => {
      throw new Error(`${name} does not compile:\n${err.stdout}`);
    });
  }

  it('when installed, then the package came from the tarball alone, with nothing else in node_modules', () => {
    const installed = JSON.parse(fs.readFileSync(path.join(project, 'node_modules/@lumiku/sdk/package.json'), 'utf8'));
    assert.equal(installed.license, 'MIT');
    assert.deepEqual(fs.readdirSync(path.join(project, 'node_modules')).filter((d) => !d.startsWith('.')), ['@lumiku']);
    const init = fs.readFileSync(path.join(project, 'tsconfig.init.json'), 'utf8');
    assert.match(init, /^\s*"exactOptionalPropertyTypes": true/m, 'tsc --init turns it on');
    assert.match(init, /^\s*"strict": true/m);
  });

  it('when the quickstart and a tour of the client are compiled under tsc --init in a Node-only project and run, then both succeed against the API', async () => {
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    const [quickstart] = samplesOf(path.join(ROOT, 'sdk-docs/guides/quickstart.md')).filter((s) => s.lang === 'ts');
    assert.ok(quickstart?.code.includes('new Lumiku({ apiKey: process.env.LUMIKU_API_KEY, baseUrl: process.env.LUMIKU_BASE_URL })'));
    fs.writeFileSync(path.join(project, 'src/quickstart.ts'), quickstart.code);
    fs.writeFileSync(path.join(project, 'src/tour.ts'), TOUR);
    await compile('tsconfig.json', { lib: ['ES2023'], types: ['node'], rootDir: 'src', outDir: 'dist' }, ['src/quickstart.ts', 'src/tour.ts']);

    const quick = await run(process.execPath, ['dist/quickstart.js'], { cwd: project, env });
    assert.match(quick.stdout, /^succeeded \{/m);
    assert.match(quick.stdout, /^\w+ \S+ http:\/\/127\.0\.0\.1:\d+\//m);

    const tour = await run(process.execPath, ['dist/tour.js'], { cwd: project, env });
    const steps = Object.fromEntries(tour.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((s) => [s.step, s]));
    assert.equal(steps.account.status, 200);
    assert.match(steps.account.requestId, /^req_/);
    assert.ok(steps.account.rateLimit.limit > 0 && steps.account.rateLimit.remaining < steps.account.rateLimit.limit, JSON.stringify(steps.account));
    assert.equal(steps.carousel.status, 'succeeded', tour.stdout);
    assert.deepEqual(steps.carousel.events.at(-1), 'carousel.succeeded:succeeded');
    assert.equal(steps.raw.id, steps.account.id);
    assert.deepEqual([steps.error.status, steps.error.code], [404, 'resource_not_found']);
    assert.match(steps.error.requestId, /^req_/);
    assert.ok(steps.logs.lines >= 2, 'debug logging reached the logger');
    assert.equal(steps.logs.leaked, false, 'the API key never reached the logger');
  });

  it('when a CommonJS project with node10 resolution uses the package, then /raw is found for types and at run time', async () => {
    fs.mkdirSync(path.join(project, 'legacy'), { recursive: true });
    fs.writeFileSync(path.join(project, 'legacy/check.ts'), LEGACY);
    await compile('tsconfig.legacy.json', { module: 'commonjs', moduleResolution: 'node10', verbatimModuleSyntax: false, esModuleInterop: true, lib: ['ES2023'], types: ['node'], noEmit: true }, ['legacy/check.ts']);
    const { stdout } = await run(process.execPath, ['-e', "const { Lumiku } = require('@lumiku/sdk'); const raw = require('@lumiku/sdk/raw'); console.log(typeof Lumiku, typeof raw.accountRetrieve, typeof raw.Lumiku)"], { cwd: project });
    assert.equal(stdout.trim(), 'function function undefined');
  });

  it('when a browser project (DOM types, no Node types) uses the package, then it type-checks too', async () => {
    fs.mkdirSync(path.join(project, 'browser'), { recursive: true });
    fs.writeFileSync(path.join(project, 'browser/check.ts'), BROWSER);
    await compile('tsconfig.browser.json', { lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [], noEmit: true }, ['browser/check.ts']);
  });
});
