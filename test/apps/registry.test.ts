import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { APPS, appForId, type AppName } from '../../api/src/domain/apps';
import { appProblems, assertAppsComplete } from '../../api/src/domain/apps/checks';
import { eventTypes } from '../../api/src/domain/events/catalogue';
import { DEFAULT_CATALOGUE_PATH, loadCatalogue, type PriceCatalogue } from '../../api/src/domain/pricing/pricing';
import { RENDERERS } from '../../workers/src/apps';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { catalogueSource, controllerSource, specApps } from '../../scripts/app-codegen';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const NAMES = Object.keys(APPS) as AppName[];

const without = <T extends Record<string, unknown>>(table: T, key: string): T => Object.fromEntries(Object.entries(table).filter(([k]) => k !== key)) as T;
const catalogueWithout = (prices: PriceCatalogue, name: string): PriceCatalogue => ({ ...prices, products: without(prices.products, name) });

describe('the app registry', () => {
  it('when the API and the workers start, then every registered app has a renderer, a price and its events', () => {
    assert.deepEqual(appProblems({ prices: loadCatalogue(), renderers: RENDERERS }), []);
    assert.deepEqual(Object.keys(RENDERERS).sort(), [...NAMES].sort());
  });

  for (const name of NAMES) {
    it(`when ${name} has no renderer, then the workers refuse to start naming it`, () => {
      assert.throws(() => assertAppsComplete({ prices: loadCatalogue(), renderers: without(RENDERERS, name) }), new RegExp(`app ${name} has no renderer`));
    });

    it(`when the price catalogue has no ${name}, then the start check names it`, () => {
      assert.deepEqual(appProblems({ prices: catalogueWithout(loadCatalogue(), name) }), [`app ${name} has no price: the price catalogue has no product '${name}'`]);
    });

    it(`when the event catalogue lacks ${name}'s events, then the start check names them`, () => {
      const [problem, ...rest] = appProblems({ prices: loadCatalogue(), eventTypes: eventTypes().filter((t) => t !== `${name}.succeeded`) });
      assert.deepEqual(rest, []);
      assert.match(problem, new RegExp(`app ${name} has no event types ${name}\\.succeeded`));
    });
  }

  it('when two apps share an id prefix or a path, then the start check names both', () => {
    const apps = [APPS.video_mix, { ...APPS.loop, idPrefix: APPS.video_mix.idPrefix, path: APPS.video_mix.path }];
    assert.deepEqual(appProblems({ prices: loadCatalogue(), apps }), [`apps video_mix and loop have the same idPrefix 'vmix'`, `apps video_mix and loop have the same path 'video_mixes'`]);
  });

  it('when a job id is given, then its prefix finds its app', () => {
    for (const app of Object.values(APPS)) assert.equal(appForId(`${app.idPrefix}_01jhx7q4m2r8t3v5w7y9z0a1b2`)?.name, app.name);
    assert.equal(appForId('file_01jhx7q4m2r8t3v5w7y9z0a1b2'), undefined);
  });

  it('when the bundled catalogue is read, then it is the apps\' own prices (generated from their definitions)', () => {
    assert.equal(fs.readFileSync(DEFAULT_CATALOGUE_PATH, 'utf8'), catalogueSource());
    for (const app of Object.values(APPS)) assert.deepEqual(loadCatalogue().products[app.name], app.price);
  });

  it('when the spec is read, then each app has its generated controller, one closed create body and its SDK resource', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'openapi/openapi.json'), 'utf8'));
    const found = specApps(spec);
    assert.deepEqual(found.map((a) => a.name), NAMES);
    for (const app of Object.values(APPS)) {
      const generated = path.join(ROOT, 'api/src/generated/controllers', `${app.path.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase())}Controller.ts`);
      assert.equal(fs.readFileSync(generated, 'utf8'), controllerSource(app), `${generated} is stale: npm run generate`);
      const { body, path: p } = found.find((a) => a.name === app.name)!;
      assert.equal(p, `/v1/${app.path}`);
      const schema = spec.components.schemas[body];
      assert.equal(schema.allOf, undefined, `${body} is one object`);
      assert.equal(schema.additionalProperties, false);
      for (const common of ['external_id', 'metadata', 'webhook_url', 'webhook_events']) assert.ok(schema.properties[common], `${body}.${common}`);
    }
  });

  describe('at start, with an operator catalogue (PRICE_CATALOGUE_PATH) that lacks an app', function () {
    this.timeout(60_000);
    let dir: string;
    let env: NodeJS.ProcessEnv;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-prices-'));
      const file = path.join(dir, 'prices.json');
      fs.writeFileSync(file, JSON.stringify(catalogueWithout(loadCatalogue(), 'loop')));
      // Unreachable services: the check must refuse before anything connects.
      env = { ...process.env, PRICE_CATALOGUE_PATH: file, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' };
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    for (const [who, entry] of [
      ['the API', 'api/src/main.ts'],
      ['the worker', 'workers/src/main.ts'],
    ] as const) {
      it(`when ${who} starts, then it exits 1 naming the app without a price`, async () => {
        const err = await run(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, timeout: 45_000 }).then(
          () => assert.fail(`${who} started`),
          (e: { code?: number; stderr?: string }) => e,
        );
        assert.equal(err.code, 1);
        assert.match(err.stderr ?? '', /app loop has no price/);
      });
    }
  });

  describe('the generated job resources against the running API', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp();
    });
    after(async () => app?.close());

    it('when every app is listed with status and external_id, then each answers 200 with a list', async () => {
      const acct = await createTestAccount(app.db);
      for (const def of Object.values(APPS)) {
        const res = await call(app.baseUrl, 'GET', `/v1/${def.path}?limit=5&status=queued&external_id=none`, { key: acct.test });
        assert.equal(res.status, 200, `${def.path}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body.data, []);
      }
    });

    it('when avatars are listed by status or external_id, then only the matching ones come back, and a deleted one never', async () => {
      const acct = await createTestAccount(app.db);
      const preset = (await call(app.baseUrl, 'GET', '/v1/avatar_presets', { key: acct.test })).body.data[0].id;
      const create = (external_id: string) => call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'preset', name: external_id, preset, external_id } });
      const [a, b] = [(await create('a')).body, (await create('b')).body];
      assert.equal(a.status, 'queued');
      const ids = async (query: string) => (await call(app.baseUrl, 'GET', `/v1/avatars?${query}`, { key: acct.test })).body.data.map((x: { id: string }) => x.id);
      assert.deepEqual(await ids('external_id=a'), [a.id]);
      assert.deepEqual(await ids('status=queued'), [b.id, a.id]);
      assert.deepEqual(await ids('status=succeeded'), []);
      assert.equal((await call(app.baseUrl, 'DELETE', `/v1/avatars/${b.id}`, { key: acct.test })).status, 200);
      assert.deepEqual(await ids('status=canceled'), []);
      assert.deepEqual(await ids(''), [a.id]);
      assert.equal((await call(app.baseUrl, 'GET', `/v1/avatars/${b.id}`, { key: acct.test })).status, 404);
    });
  });
});
