import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import spec from '../../openapi/openapi.json';
import { connectorSpec } from '../../integrations/scripts/model';

/**
 * The Make custom app (integrations/make/src, Make's local-development layout) against Make's
 * documented structure (integrations/make/schema), and against itself: every code file named in
 * makecomapp.json exists and none is stray, modules name existing connections and webhooks, every
 * `{{parameters.x}}` a communication reads is a declared parameter, and the app covers the spec.
 */
const MAKE = path.resolve(__dirname, '../../integrations/make');
const SRC = path.join(MAKE, 'src');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(SRC, file), 'utf8'));
const schema = (name: string) => JSON.parse(fs.readFileSync(path.join(MAKE, 'schema', name), 'utf8'));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(SRC, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Which schema a file is checked against, by its name (as Make's own tooling maps them). */
function schemaFor(file: string): string | undefined {
  if (file === 'makecomapp.json') return 'makecomapp.schema.json';
  if (file.endsWith('base.iml.json')) return 'base.schema.json';
  if (file.endsWith('groups.json')) return 'groups.schema.json';
  if (/\.(communication|attach|detach)\.iml\.json$/.test(file)) return 'communication.schema.json';
  if (/\.(params|static-params|mappable-params|interface)\.iml\.json$/.test(file)) return 'parameters.schema.json';
  if (file.endsWith('.samples.iml.json')) return undefined; // free-form sample data
  return 'unknown';
}

describe('integrations: Make custom app', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const name of ['communication.schema.json', 'parameters.schema.json', 'base.schema.json', 'groups.schema.json', 'makecomapp.schema.json']) ajv.addSchema(schema(name), name);
  const app = read('makecomapp.json');
  const model = connectorSpec(JSON.stringify(spec));

  it('when each file is checked against Make\'s documented structure, then every one conforms', () => {
    const problems: string[] = [];
    for (const file of filesUnder(SRC)) {
      const name = schemaFor(file);
      if (name === 'unknown') problems.push(`${file}: no known Make file kind`);
      if (!name || name === 'unknown') continue;
      const validate = ajv.getSchema(name)!;
      if (!validate(read(file))) problems.push(`${file}: ${ajv.errorsText(validate.errors)}`);
    }
    assert.deepEqual(problems, []);
  });

  it('when a broken file is checked, then the structure check refuses it (the schemas can fail)', () => {
    const params = ajv.getSchema('parameters.schema.json')!;
    assert.equal(params([{ name: 'x', type: 'textarea' }]), false);
    assert.equal(params([{ name: 'x', type: 'select' }]), false, 'a select needs options');
    const comm = ajv.getSchema('communication.schema.json')!;
    assert.equal(comm({ url: '/x', method: 'FETCH' }), false);
    assert.equal(comm({ url: '/x', response: { outputs: '{{body}}' } }), false);
    const manifest = ajv.getSchema('makecomapp.schema.json')!;
    const broken = structuredClone(app);
    broken.components.module.watchEvents.webhook = null;
    assert.equal(manifest(broken), false, 'an instant trigger needs its webhook');
  });

  it('when makecomapp.json names code files, then each exists and no other file is left out', () => {
    const named = new Set<string>(Object.values(app.generalCodeFiles).filter(Boolean) as string[]);
    for (const kind of Object.keys(app.components)) {
      for (const [id, component] of Object.entries<any>(app.components[kind])) {
        for (const [code, file] of Object.entries<string | null>(component.codeFiles)) {
          if (!file) continue;
          assert.ok(fs.existsSync(path.join(SRC, file)), `${kind} ${id} ${code}: ${file} exists`);
          named.add(file);
        }
      }
    }
    assert.deepEqual(filesUnder(SRC).filter((f) => f !== 'makecomapp.json' && !named.has(f)), []);
  });

  it('when modules refer to connections, webhooks and groups, then those exist', () => {
    const { connection, webhook, module: modules } = app.components;
    for (const [id, m] of Object.entries<any>(modules)) {
      assert.ok(connection[m.connection], `${id} uses connection ${m.connection}`);
      if (m.moduleType === 'instant_trigger') assert.ok(webhook[m.webhook], `${id} uses webhook ${m.webhook}`);
    }
    for (const [id, w] of Object.entries<any>(webhook)) assert.ok(connection[w.connection], `webhook ${id} uses connection ${w.connection}`);
    const grouped = read(app.generalCodeFiles.groups).flatMap((g: any) => g.modules);
    assert.deepEqual([...grouped].sort(), Object.keys(modules).sort(), 'every module is in exactly one group');
  });

  it('when a communication reads {{parameters.x}}, then x is a parameter of its module (or connection, or webhook)', () => {
    const problems: string[] = [];
    for (const kind of ['module', 'connection', 'webhook']) {
      for (const [id, c] of Object.entries<any>(app.components[kind])) {
        const declared = new Set<string>(['staticParams', 'mappableParams', 'params'].flatMap((k) => (c.codeFiles[k] ? read(c.codeFiles[k]).map((p: any) => p.name) : [])));
        for (const code of ['communication', 'attach', 'detach']) {
          if (!c.codeFiles[code]) continue;
          const text = JSON.stringify(read(c.codeFiles[code]));
          for (const [, name] of text.matchAll(/parameters\.([A-Za-z_][A-Za-z0-9_]*)/g)) if (!declared.has(name)) problems.push(`${kind} ${id} ${code} reads parameters.${name}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('when the spec has apps and event types, then the app creates every app\'s jobs and its webhook offers every event type', () => {
    for (const a of model.apps) {
      const id = `create${a.name.replace(/(^|_)(\w)/g, (_m, _u, c: string) => c.toUpperCase())}`;
      const m = app.components.module[id];
      assert.ok(m, `module ${id}`);
      const comm = read(m.codeFiles.communication);
      assert.equal(comm.url, `/${a.path}`);
      assert.deepEqual(Object.keys(comm.body).sort(), a.fields.map((f) => f.name).sort(), `${id} sends every field of the request`);
      const required = read(m.codeFiles.mappableParams).filter((p: any) => p.required).map((p: any) => p.name);
      assert.deepEqual(required.sort(), a.fields.filter((f) => f.required).map((f) => f.name).sort());
    }
    const events = read(app.components.webhook.events.codeFiles.params)[0].options.map((o: any) => o.value);
    for (const type of model.eventTypes) assert.ok(events.includes(type), type);
    const getJob = read(app.components.module.getJob.codeFiles.communication);
    assert.equal(getJob.response.error.message, '{{body.error.code}}: {{body.error.message}}', 'a failed job surfaces its error code and message');
  });

  it('when the packages are versioned, then each carries the spec\'s info.version', () => {
    for (const pkg of ['make', 'n8n', 'zapier']) assert.equal(JSON.parse(fs.readFileSync(path.join(MAKE, '..', pkg, 'package.json'), 'utf8')).version, spec.info.version, pkg);
  });
});
