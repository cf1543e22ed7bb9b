import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { buildDocs } from '../scripts/docs';
import { createTestAccount, startTestApp, type TestApp } from './support/harness';
import { makeWorkspace, resolveExampleDomains, ROOT, runSample, samplesOf, writeSample, type Sample } from './support/samples';

/** Every ts and sh sample of the guides in sdk-docs/, run against the running API and worker. */

const DOCS = path.join(ROOT, 'sdk-docs');
const guides = fs
  .readdirSync(DOCS, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.md') && !f.startsWith('site'))
  .sort();

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Starts a webhook receiver sample, sends it a signed delivery and a forged one, then stops it. */
async function checkWebhookServer(file: string, cwd: string, env: Record<string, string>) {
  const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd, env: { ...process.env, ...env, LUMIKU_WEBHOOK_SECRET: secret, PORT: String(port) } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  try {
    const deadline = Date.now() + 20_000;
    while (!out.includes('listening')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`receiver did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // A delivery as the API sends it: the event envelope, `webhook-id` = the event id.
    const body = JSON.stringify({ id: 'evt_sample', object: 'event', type: 'video_mix.succeeded', created_at: new Date().toISOString(), livemode: false, data: { object: { id: 'vmix_sample', object: 'video_mix', status: 'succeeded', outputs: [] } } });
    const now = new Date();
    const headers = { 'content-type': 'application/json', 'webhook-id': 'evt_sample', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('evt_sample', now, body) };
    const url = `http://127.0.0.1:${port}/lumiku/webhooks`;
    assert.equal((await fetch(url, { method: 'POST', headers, body })).status, 204, out);
    const forged = await fetch(url, { method: 'POST', headers, body: body.replace('vmix_sample', 'vmix_other') });
    assert.equal(forged.status, 400);
    assert.match(out, /video mix done: vmix_sample/);
  } finally {
    child.kill();
  }
}

describe('guide samples (sdk-docs) against the running API', function () {
  this.timeout(120_000);
  let app: TestApp;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let env: Record<string, string>;
  let restoreDns: (() => void) | undefined;

  before(async function () {
    this.timeout(120_000);
    restoreDns = resolveExampleDomains();
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }, { worker: true });
    const acct = await createTestAccount(app.db, { balance: 1000 });
    workspace = await makeWorkspace();
    env = { LUMIKU_API_KEY: acct.test, LUMIKU_BASE_URL: app.baseUrl };
  });
  after(async () => {
    workspace?.cleanup();
    await app?.close();
    restoreDns?.();
  });

  it('when the guides are read, then there are samples in every guide and app page', () => {
    const missing = guides.filter((g) => !samplesOf(path.join(DOCS, g)).length);
    assert.deepEqual(missing, []);
    assert.ok(guides.length >= 13, guides.join());
  });

  for (const guide of guides) {
    const samples: Sample[] = samplesOf(path.join(DOCS, guide));
    samples.forEach((sample, i) => {
      it(`when ${guide}:${sample.line} (${sample.lang}) runs, then it succeeds`, async () => {
        const file = writeSample(workspace.dir, sample, `${guide.replace(/[/.]/g, '-')}-${i}`);
        if (sample.kind === 'webhook-server') return checkWebhookServer(file, workspace.dir, env);
        const { stdout } = await runSample(file, workspace.dir, env).catch((err: { stdout?: string; stderr?: string; message: string }) => {
          throw new Error(`${guide}:${sample.line} failed: ${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`);
        });
        assert.ok(stdout.trim().length > 0, 'every sample prints something');
      });
    });
  }
});

describe('docs site (npm run docs)', function () {
  this.timeout(60_000);

  it('when the guide samples are type-checked against the SDK, then tsc reports nothing', async () => {
    fs.mkdirSync(path.join(ROOT, '.lumiku'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, '.lumiku', 'typecheck-'));
    try {
      let n = 0;
      for (const guide of guides) for (const sample of samplesOf(path.join(DOCS, guide)).filter((s) => s.lang === 'ts')) fs.writeFileSync(path.join(dir, `sample-${n++}.mts`), sample.code);
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], lib: ['ES2023', 'DOM'], esModuleInterop: true, paths: { '@lumiku/sdk': [path.join(ROOT, 'sdk-js/src/index.ts')] } },
          include: ['*.mts'],
        }),
      );
      const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
      await promisify(execFile)(process.execPath, [tsc, '-p', dir], { cwd: dir }).catch((err: { stdout: string }) => {
        throw new Error(`samples do not type-check:\n${err.stdout}`);
      });
      assert.ok(n >= 15, `${n} samples`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the site is built, then TypeDoc reports nothing and every guide and the reference are pages of it', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-docs-'));
    try {
      await buildDocs(out);
      const pages = fs.readdirSync(path.join(out, 'documents')).sort();
      for (const page of ['Quickstart.html', 'Errors.html', 'Webhooks.html', 'Video_mixes.html', 'Pose_generations.html', 'Limits_and_prices.html']) assert.ok(pages.includes(page), `${page} in ${pages.join()}`);
      const classes = fs.readdirSync(path.join(out, 'classes'));
      assert.ok(classes.some((c) => c.endsWith('.Lumiku.html') || c === 'Lumiku.html'), 'the client reference');
      const jobResource = classes.find((c) => /(^|\.)JobResource\.html$/.test(c))!;
      assert.match(fs.readFileSync(path.join(out, 'classes', jobResource), 'utf8'), /createAndWait/);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
