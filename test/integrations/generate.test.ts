import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { INTEGRATION_GENERATED_PATHS, integrationFiles, writeIntegrations } from '../../integrations/scripts/generate';
import { GENERATED_PATHS } from '../../scripts/generate';

/**
 * The connectors are generated from the spec: what is committed is what the generator makes now,
 * and a change to the spec (a new app or operation, a new event type, a new version) changes what
 * every connector is built from. check-generated (GENERATED_PATHS) fails on any drift.
 */
const ROOT = path.resolve(__dirname, '../..');
const SPEC_TEXT = fs.readFileSync(path.join(ROOT, 'openapi/openapi.json'), 'utf8');

/** A copy of the spec with a new job app (`sticker`, cloned from carousels), a new files operation and a new event type. */
function extendedSpec(): string {
  const spec = JSON.parse(SPEC_TEXT);
  const rename = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/carousels/g, 'stickers').replace(/Carousels/g, 'Stickers').replace(/carousel/g, 'sticker').replace(/Carousel/g, 'Sticker'));
  for (const [p, item] of Object.entries<any>(spec.paths)) if (p === '/v1/carousels' || p.startsWith('/v1/carousels/')) spec.paths[p.replace('carousels', 'stickers')] = rename(item);
  for (const [name, schema] of Object.entries<any>(spec.components.schemas)) if (name.includes('Carousel')) spec.components.schemas[name.replace('Carousel', 'Sticker')] = rename(schema);
  spec.paths['/v1/files/{id}/thumbnail'] = { get: { operationId: 'files.thumbnail', summary: 'A file\'s thumbnail', tags: ['Files'], responses: { '200': { description: 'ok' } } } };
  for (const status of ['queued', 'processing', 'succeeded', 'failed', 'canceled']) spec['x-webhooks'][`sticker.${status}`] = rename(spec['x-webhooks'][`carousel.${status}`]);
  spec['x-webhooks']['credits.exhausted'] = spec['x-webhooks']['credits.low'];
  spec.info.version = '1.1.0';
  return JSON.stringify(spec);
}

describe('integrations: generated from the spec', () => {
  it('when the generator runs on the committed spec, then it makes exactly the committed files', () => {
    const files = integrationFiles(SPEC_TEXT);
    for (const [rel, content] of files) assert.equal(fs.readFileSync(path.join(ROOT, rel), 'utf8'), content, `${rel} is up to date (npm run generate)`);
    const onDisk = INTEGRATION_GENERATED_PATHS.flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/')));
    assert.deepEqual(onDisk.sort(), [...files.keys()].sort(), 'no stray file under the generated paths');
    for (const dir of INTEGRATION_GENERATED_PATHS) assert.ok((GENERATED_PATHS as readonly string[]).includes(dir), `${dir} is watched by check-generated`);
  });

  it('when an app, an operation and event types are added to a copy of the spec, then every connector\'s output changes with them', () => {
    const before = integrationFiles(SPEC_TEXT);
    const after = integrationFiles(extendedSpec());
    const n8n = after.get('integrations/n8n/generated/spec.ts')!;
    const zapier = JSON.parse(after.get('integrations/zapier/generated/spec.json')!);
    assert.notEqual(n8n, before.get('integrations/n8n/generated/spec.ts'));
    assert.match(n8n, /"name": "sticker"/);
    assert.match(n8n, /"operationId": "stickers\.create"/);
    assert.match(n8n, /"operationId": "files\.thumbnail"/);
    assert.match(n8n, /"credits\.exhausted"/);
    assert.match(n8n, /"version": "1\.1\.0"/);
    assert.ok(zapier.apps.some((a: any) => a.name === 'sticker' && a.fields.some((f: any) => f.name === 'slides' && f.required)));
    assert.ok(zapier.eventFamilies.find((f: any) => f.name === 'sticker').types.includes('sticker.succeeded'));
    assert.ok(zapier.eventTypes.includes('credits.exhausted'));
    assert.ok(after.has('integrations/make/src/modules/create-sticker/create-sticker.communication.iml.json'));
    assert.ok(!before.has('integrations/make/src/modules/create-sticker/create-sticker.communication.iml.json'));
    const events = JSON.parse(after.get('integrations/make/src/webhooks/events/events.params.iml.json')!)[0].options.map((o: any) => o.value);
    assert.ok(events.includes('credits.exhausted') && events.includes('sticker.*'));
    assert.match(after.get('integrations/make/src/makecomapp.json')!, /"createSticker"/);
  });

  it('when written to a tree, then stale generated files are removed and every package takes the spec\'s version', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-connectors-'));
    try {
      for (const pkg of ['n8n', 'zapier', 'make']) {
        fs.mkdirSync(path.join(root, 'integrations', pkg), { recursive: true });
        fs.copyFileSync(path.join(ROOT, 'integrations', pkg, 'package.json'), path.join(root, 'integrations', pkg, 'package.json'));
      }
      writeIntegrations(extendedSpec(), root);
      const stray = path.join(root, 'integrations/make/src/modules/create-sticker/create-sticker.communication.iml.json');
      assert.ok(fs.existsSync(stray));
      for (const pkg of ['n8n', 'zapier', 'make']) assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'integrations', pkg, 'package.json'), 'utf8')).version, '1.1.0', pkg);
      writeIntegrations(SPEC_TEXT, root);
      assert.ok(!fs.existsSync(stray), 'a module of an app the spec no longer has is removed');
      assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'integrations/n8n/package.json'), 'utf8')).version, JSON.parse(SPEC_TEXT).info.version);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
