import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestAccount, startTestApp, type TestApp } from './support/harness';
import { makeWorkspace, resolveExampleDomains, ROOT } from './support/samples';

const run = promisify(execFile);
const CURL = path.join(ROOT, 'examples/curl');
const NODE = path.join(ROOT, 'examples/node');

/**
 * Smoke tests of examples/: the curl scripts (curl + jq) and the Node scripts, which import the BUILT
 * package (`@lumiku/sdk` → sdk-js/dist, ESM and CommonJS) as a user would.
 */
describe('examples', function () {
  this.timeout(120_000);
  let app: TestApp;
  let workspace: Awaited<ReturnType<typeof makeWorkspace>>;
  let env: NodeJS.ProcessEnv;
  let restoreDns: (() => void) | undefined;

  before(async function () {
    this.timeout(120_000);
    restoreDns = resolveExampleDomains();
    const [started, ws] = await Promise.all([
      startTestApp({ RATE_LIMIT_PER_WINDOW: '0' }, { worker: true }),
      makeWorkspace(),
      run('npm', ['run', 'build', '-w', 'sdk-js'], { cwd: ROOT }),
    ]);
    app = started;
    workspace = ws;
    const acct = await createTestAccount(app.db, { balance: 1000 });
    env = { ...process.env, LUMIKU_API_KEY: acct.test, LUMIKU_BASE_URL: app.baseUrl };
  });
  after(async () => {
    workspace?.cleanup();
    await app?.close();
    restoreDns?.();
  });

  const sh = (script: string, ...args: string[]) => run('bash', [path.join(CURL, script), ...args], { cwd: workspace.dir, env, maxBuffer: 8 << 20 });
  const node = (script: string, ...args: string[]) => run(process.execPath, [path.join(NODE, script), ...args], { cwd: workspace.dir, env, maxBuffer: 8 << 20 });

  it('when examples/curl/quickstart.sh runs against the API, then every step succeeds', async () => {
    const { stdout } = await sh('quickstart.sh');
    assert.match(stdout, /"livemode": false/);
    assert.match(stdout, /"content_type": "image\/png"/);
    assert.match(stdout, /"code": "resource_not_found"/);
    assert.match(stdout, /"revoked": true/);
  });

  it('when examples/curl/carousel.sh runs, then the carousel succeeds and its slides and ZIP are listed', async () => {
    const { stdout } = await sh('carousel.sh', 'photo-1.jpg', 'photo-2.jpg');
    assert.match(stdout, /"status":"succeeded"/);
    assert.equal(stdout.match(/^slide\t/gm)?.length, 6, stdout);
    assert.match(stdout, /^zip\t/m);
  });

  it('when examples/curl/video-mix.sh runs, then both variants are downloaded', async () => {
    const { stdout } = await sh('video-mix.sh', 'clip-1.mp4', 'clip-2.mp4', 'clip-3.mp4');
    const id = /^(vmix_\w+)$/m.exec(stdout)![1];
    const saved = fs.readdirSync(path.join(workspace.dir, `video-mix-${id}`));
    assert.equal(saved.filter((f) => f.endsWith('.mp4')).length, 2, stdout);
  });

  it('when examples/curl/loop.sh runs with a music layer, then the loop succeeds', async () => {
    const { stdout } = await sh('loop.sh', 'clip-1.mp4', 'music.mp3', '3');
    assert.match(stdout, /"status":"succeeded"/);
    assert.match(stdout, /^loop\tloop\.mp4\t\d+ bytes/m);
  });

  it('when examples/curl/webhooks.sh runs, then the endpoint is managed end to end', async () => {
    const { stdout } = await sh('webhooks.sh', 'https://example.com/lumiku/webhooks');
    assert.match(stdout, /"enabled":false/);
    assert.match(stdout, /whsec_/);
    assert.match(stdout, /"event_id":"evt_\w+","scheduled":\d+/);
  });

  it('when examples/curl/avatar.sh runs, then the avatar succeeds', async () => {
    const { stdout } = await sh('avatar.sh', 'a friendly barista');
    assert.match(stdout, /"status":"succeeded"/);
    assert.match(stdout, /^avatar\timage\/png\thttp/m);
    assert.match(stdout, /^thumbnail\t/m);
    assert.match(stdout, /"name":"Barista \(summer\)","metadata":\{"campaign":"summer"\}/);
  });

  it('when examples/curl/pose-generation.sh runs, then the pose generation succeeds', async () => {
    const { stdout } = await sh('pose-generation.sh');
    assert.match(stdout, /"status":"succeeded"/);
    assert.equal(stdout.match(/^item \d\tpose_\w+\tsucceeded\t$/gm)?.length, 2, stdout);
  });

  it('when examples/node/create-and-wait.mjs runs on the built ESM package, then the carousel succeeds', async () => {
    const { stdout } = await node('create-and-wait.mjs', 'photo-1.jpg', 'photo-2.jpg');
    assert.match(stdout, /^crsl_\w+ succeeded charged 0 credits$/m);
  });

  it('when examples/node/upload-folder-and-mix.mjs runs, then every clip of the folder is uploaded and the variants are saved', async () => {
    const { stdout } = await node('upload-folder-and-mix.mjs', 'clips', '2', 'mix-out');
    assert.equal(stdout.match(/^clip-\d\.mp4: file_/gm)?.length, 3, stdout);
    assert.equal(fs.readdirSync(path.join(workspace.dir, 'mix-out')).filter((f) => f.endsWith('.mp4')).length, 2);
  });

  it('when examples/node/list-all.cjs runs on the built CommonJS package, then it pages through jobs, files, credits and keys', async () => {
    const { stdout } = await node('list-all.cjs');
    assert.match(stdout, /jobs by status: \{"succeeded":\d+/);
    assert.match(stdout, /files: \d+ \(\d+ bytes\)/);
    assert.match(stdout, /^key test: /m);
  });

  it('when examples/node/stream-progress.mjs runs, then progress is printed until the mix finishes', async () => {
    const { stdout } = await node('stream-progress.mjs', 'clip-1.mp4', 'clip-2.mp4', 'clip-3.mp4');
    assert.match(stdout, /^video_mix\.queued\tqueued\tevt_/m);
    assert.match(stdout, /^video_mix\.succeeded\tsucceeded\tevt_/m);
    assert.match(stdout, /finished succeeded/);
  });

  it('when the SDK is packed, then the tarball holds both builds with types and nothing else', async () => {
    const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: path.join(ROOT, 'sdk-js') });
    const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
    for (const f of ['package.json', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/esm/package.json', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json', 'dist/esm/lib/webhooks.js']) assert.ok(files.includes(f), `${f} packed`);
    assert.deepEqual(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f)), []);
    // Browser-safe: no static import of a Node built-in anywhere in the ES module build.
    for (const f of files.filter((x) => x.startsWith('dist/esm/') && x.endsWith('.js'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(ROOT, 'sdk-js', f), 'utf8'), /^\s*import[^;]*from\s*['"]node:/m, f);
    }
  });
});
