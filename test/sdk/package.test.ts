import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { VERSION } from '../../sdk-js/src';
import { ROOT } from '../support/samples';

const run = promisify(execFile);
const SDK = path.join(ROOT, 'sdk-js');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
/** An npm registry that is never there: publish --dry-run must not depend on the network. */
const NO_REGISTRY = ['--registry', 'http://127.0.0.1:9/', '--fetch-retries', '0'];

/**
 * The SDK as a publishable package: its version is the spec's `info.version`, it carries a licence,
 * repository, homepage, bug tracker and changelog, and `npm publish --dry-run` packs exactly the
 * builds and those documents.
 */
describe('SDK package: version from the spec, licence and metadata, npm publish --dry-run', function () {
  this.timeout(120_000);

  it('when the versions are compared, then package.json, VERSION and the spec info.version are one semantic version', () => {
    const spec = readJson(path.join(ROOT, 'openapi/openapi.json'));
    const pkg = readJson(path.join(SDK, 'package.json'));
    assert.match(spec.info.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    assert.equal(pkg.version, spec.info.version);
    assert.equal(VERSION, spec.info.version);
  });

  it('when the drift check runs, then it passes here and fails (naming the fix) on a copy whose spec moved on', async () => {
    await run(process.execPath, [path.join(SDK, 'scripts/sync-version.mjs'), '--check']);

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sdk-version-'));
    try {
      fs.mkdirSync(path.join(tmp, 'sdk-js/scripts'), { recursive: true });
      fs.mkdirSync(path.join(tmp, 'sdk-js/src'), { recursive: true });
      fs.mkdirSync(path.join(tmp, 'openapi'), { recursive: true });
      fs.copyFileSync(path.join(SDK, 'scripts/sync-version.mjs'), path.join(tmp, 'sdk-js/scripts/sync-version.mjs'));
      fs.copyFileSync(path.join(SDK, 'package.json'), path.join(tmp, 'sdk-js/package.json'));
      fs.copyFileSync(path.join(SDK, 'src/version.ts'), path.join(tmp, 'sdk-js/src/version.ts'));
      const spec = readJson(path.join(ROOT, 'openapi/openapi.json'));
      spec.info.version = '7.3.1';
      fs.writeFileSync(path.join(tmp, 'openapi/openapi.json'), JSON.stringify(spec));
      const script = path.join(tmp, 'sdk-js/scripts/sync-version.mjs');

      await assert.rejects(run(process.execPath, [script, '--check']), (err: { code: number; stderr: string }) => {
        assert.equal(err.code, 1);
        assert.match(err.stderr, /package\.json has version \d+\.\d+\.\d+, the spec 7\.3\.1/);
        assert.match(err.stderr, /src\/version\.ts does not say VERSION = '7\.3\.1'/);
        assert.match(err.stderr, /npm run sync-version -w sdk-js/);
        return true;
      });
      await run(process.execPath, [script]);
      assert.equal(readJson(path.join(tmp, 'sdk-js/package.json')).version, '7.3.1');
      assert.match(fs.readFileSync(path.join(tmp, 'sdk-js/src/version.ts'), 'utf8'), /export const VERSION = '7\.3\.1';/);
      await run(process.execPath, [script, '--check']);

      spec.info.version = 'v2';
      fs.writeFileSync(path.join(tmp, 'openapi/openapi.json'), JSON.stringify(spec));
      await assert.rejects(run(process.execPath, [script, '--check']), /not a semantic version/);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('when the manifest is read, then it names an open-source licence (with its text), the repository, homepage, bugs, and no runtime dependencies', () => {
    const pkg = readJson(path.join(SDK, 'package.json'));
    assert.equal(pkg.license, 'MIT');
    const licence = fs.readFileSync(path.join(SDK, 'LICENSE'), 'utf8');
    assert.match(licence, /^MIT License\n\nCopyright \(c\) \d{4} /);
    assert.match(licence, /Permission is hereby granted, free of charge/);
    assert.equal(pkg.repository.type, 'git');
    assert.match(pkg.repository.url, /^git\+https:\/\/.+\.git$/);
    assert.equal(pkg.repository.directory, 'sdk-js');
    assert.match(pkg.homepage, /^https:\/\//);
    assert.match(pkg.bugs.url, /^https:\/\/.+\/issues$/);
    assert.equal(pkg.private, undefined);
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'no runtime dependencies');
    assert.deepEqual(Object.keys(pkg.exports).sort(), ['.', './package.json', './raw']);
    assert.match(fs.readFileSync(path.join(SDK, 'CHANGELOG.md'), 'utf8'), new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')} \\(\\d{4}-\\d{2}-\\d{2}\\)$`, 'm'));
  });

  it('when npm publish --dry-run runs (building first), then it would publish the builds, LICENSE, README and CHANGELOG, and nothing else', async () => {
    const { stdout } = await run('npm', ['publish', '--dry-run', '--json', ...NO_REGISTRY], { cwd: SDK, maxBuffer: 16 << 20 });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
    const published = report['@lumiku/sdk'] ?? report;
    assert.equal(published.name, '@lumiku/sdk');
    assert.equal(published.version, VERSION);
    const files: string[] = published.files.map((f: { path: string }) => f.path);
    for (const f of ['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md']) assert.ok(files.includes(f), `${f} published`);
    for (const format of ['esm', 'cjs']) {
      for (const entry of ['index', 'raw']) for (const ext of ['js', 'd.ts']) assert.ok(files.includes(`dist/${format}/${entry}.${ext}`), `dist/${format}/${entry}.${ext} published`);
      assert.ok(files.includes(`dist/${format}/package.json`));
    }
    const others = files.filter((f) => !f.startsWith('dist/') && !['package.json', 'LICENSE', 'README.md', 'CHANGELOG.md'].includes(f));
    assert.deepEqual(others, [], 'no sources, scripts, configs or tests');
    assert.deepEqual(files.filter((f) => /(^|\/)(src|test|tests|scripts)\/|\.test\.|tsconfig|\.tsbuildinfo$/.test(f)), []);
    assert.ok(files.every((f) => !f.startsWith('dist/') || /\.(js|d\.ts)$|\/package\.json$/.test(f)), 'only JavaScript and declarations in dist');
  });
});
