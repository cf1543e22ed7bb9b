import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_ENV_NAMES, loadConfig } from '../api/src/config';
import { loadCatalogue, quote } from '../api/src/domain/pricing/pricing';

describe('configuration and prices', () => {
  it('when a config key exists, then .env.example documents it', () => {
    const example = fs.readFileSync(path.join(__dirname, '..', '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    assert.deepEqual(CONFIG_ENV_NAMES.filter((n) => !documented.has(n)), []);
    assert.deepEqual([...documented].filter((n) => !CONFIG_ENV_NAMES.includes(n)), []);
  });

  it('when nothing is configured, then the embedded defaults apply', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.databaseUrl, undefined);
    assert.equal(c.storageDriver, 'local');
    assert.equal(c.publicBaseUrl, 'http://localhost:8080');
    assert.ok(path.isAbsolute(c.dataDir));
  });

  it('when a value is invalid, then loading fails naming the variable', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'not a url' }), /DATABASE_URL/);
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /SIGNING_SECRET/);
    assert.throws(() => loadConfig({ STORAGE_DRIVER: 's3' }), /S3_BUCKET/);
  });

  it('when a request is quoted, then base and surcharges per unit are multiplied by the quantity', () => {
    const prices = loadCatalogue();
    const q = quote(prices, 'video_mix', { quantity: 20, options: { resolution: '1080p', fps: 60 } });
    assert.equal(q.unit_price, 1 + 5 + 3);
    assert.equal(q.total, 180);
    assert.deepEqual(q.lines.map((l) => l.amount), [1, 5, 3]);
    assert.throws(() => quote(prices, 'video_mix', { quantity: 1, options: { resolution: '8k' } }), { code: 'validation_failed' });
    assert.equal(quote(prices, 'avatar', { quantity: 2, base: 35, baseLabel: 'model flux-dev' }).total, 70);
  });

  it('when an operator points PRICE_CATALOGUE_PATH at a broken file, then loading fails', () => {
    const bad = path.join(fs.mkdtempSync('/tmp/lk-prices-'), 'prices.json');
    fs.writeFileSync(bad, JSON.stringify({ products: { video_mix: { unit: 'variant', base: -1 } } }));
    assert.throws(() => loadCatalogue(bad), /Invalid price catalogue/);
  });
});
