import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import spec from '../../openapi/openapi.json';
import { ROLE_SCOPES, ROLES, type Role } from '../../api/src/domain/people/roles';
import { SCOPES } from '../../api/src/domain/accounts/api-keys';
import { startTestApp, type TestApp } from '../support/harness';
import { makeMember, makeOrganization, sessionHeaders, type Member } from './support';

/** Every /v1 operation of the generated spec, with the scopes its `api_key` security requires. */
interface Operation {
  method: string;
  template: string;
  path: string;
  scopes: string[];
  json: boolean;
}

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries<any>((spec as any).paths)) {
    if (!template.startsWith('/v1/')) continue;
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const scopes = (op.security ?? []).flatMap((s: any) => s.api_key ?? []);
      ops.push({ method: method.toUpperCase(), template, path: template.replace(/\{[^}]+\}/g, 'x_0'), scopes, json: Boolean(op.requestBody?.content?.['application/json']) });
    }
  }
  return ops;
}

const OPS = operations();
const UNSAFE = OPS.filter((o) => o.method !== 'GET');

describe('people: sessions against every /v1 operation of the spec (CSRF, roles as scopes, tenant isolation)', function () {
  this.timeout(120_000);
  let app: TestApp;
  let orgA: string;
  let orgB: string;
  let members: Record<Role, Member>;
  let memberB: Member;

  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
    orgA = (await makeOrganization(app.db)).id;
    orgB = (await makeOrganization(app.db)).id;
    members = {} as Record<Role, Member>;
    for (const role of ROLES) members[role] = await makeMember(app.db, app.baseUrl, orgA, role);
    memberB = await makeMember(app.db, app.baseUrl, orgB, 'owner');
  });
  after(() => app?.close());

  const send = (m: Member, op: Operation, headers: Record<string, string>) => m.browser.request(op.method, op.path, { headers, ...(op.json ? { body: {} } : {}) });

  it('when the spec is read, then the walk has the operations it must (not vacuous)', () => {
    assert.ok(OPS.length >= 60, `${OPS.length} operations`);
    assert.ok(UNSAFE.length >= 25, `${UNSAFE.length} unsafe operations`);
    for (const name of ['POST /v1/api_keys', 'DELETE /v1/members/{id}', 'PATCH /v1/organization', 'POST /v1/invitations', 'POST /v1/files'])
      assert.ok(OPS.some((o) => `${o.method} ${o.template}` === name), name);
    assert.ok(OPS.every((o) => o.scopes.length > 0), 'every /v1 operation requires a scope');
  });

  it('when a session sends any unsafe /v1 method without the CSRF token, or with another session\'s, then it is 403 csrf_failed and nothing changes', async () => {
    const owner = members.owner;
    const countRows = async () =>
      (await app.db.query<{ n: number }>(`SELECT (SELECT count(*) FROM api_keys) + (SELECT count(*) FROM webhook_endpoints) + (SELECT count(*) FROM invitations) + (SELECT count(*) FROM memberships) + (SELECT count(*) FROM files) + (SELECT count(*) FROM jobs) AS n`, { type: QueryTypes.SELECT }))[0].n;
    const before = await countRows();
    const failures: string[] = [];
    for (const op of UNSAFE) {
      const missing = await send(owner, op, sessionHeaders(orgA));
      if (missing.status !== 403 || missing.body?.code !== 'csrf_failed') failures.push(`${op.method} ${op.template} without the token: ${missing.status} ${missing.text.slice(0, 120)}`);
      const other = await send(owner, op, sessionHeaders(orgA, memberB.csrf));
      if (other.status !== 403 || other.body?.code !== 'csrf_failed') failures.push(`${op.method} ${op.template} with another session's token: ${other.status}`);
      const right = await send(owner, op, sessionHeaders(orgA, owner.csrf));
      if (right.body?.code === 'csrf_failed') failures.push(`${op.method} ${op.template} with its own token: still csrf_failed`);
    }
    assert.deepEqual(failures, []);
    assert.equal(await countRows(), before, 'the refused requests changed nothing (and the accepted ones, with empty bodies and unknown ids, made nothing)');
    // Safe methods need no token.
    const read = await owner.browser.request('GET', '/v1/account', { headers: sessionHeaders(orgA) });
    assert.equal(read.status, 200, read.text);
  });

  it('when the role → scope table is read, then it is the one the contract states', () => {
    assert.deepEqual(ROLE_SCOPES, {
      owner: [...SCOPES],
      admin: [...SCOPES],
      developer: ['read', 'jobs:write', 'files:write', 'webhooks:manage'],
      billing: ['read', 'billing'],
      viewer: ['read'],
    });
    assert.ok(SCOPES.includes('billing'));
  });

  for (const role of ROLES) {
    it(`when ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}'s session calls every /v1 operation, then exactly those needing a scope the role lacks are 403 insufficient_scope`, async () => {
      const m = members[role];
      const wrong: string[] = [];
      let allowed = 0;
      let refused = 0;
      for (const op of OPS) {
        const res = await send(m, op, sessionHeaders(orgA, m.csrf));
        const lacks = op.scopes.filter((s) => !(ROLE_SCOPES[role] as readonly string[]).includes(s));
        const denied = res.status === 403 && res.body?.code === 'insufficient_scope';
        if (lacks.length && !denied) wrong.push(`${op.method} ${op.template} needs ${lacks.join(', ')}: got ${res.status} ${res.text.slice(0, 100)}`);
        if (!lacks.length && denied) wrong.push(`${op.method} ${op.template} (needs ${op.scopes.join(', ')}) was refused`);
        if (!lacks.length && res.status >= 500) wrong.push(`${op.method} ${op.template}: ${res.status} ${res.text.slice(0, 100)}`);
        if (lacks.length) refused++;
        else allowed++;
        if (denied) assert.match(res.body.detail, new RegExp(`The ${role} role lacks`));
      }
      assert.deepEqual(wrong, []);
      if (role === 'viewer') assert.ok(refused > 20, 'a viewer is refused every write');
      if (role === 'owner') assert.equal(refused, 0);
      assert.ok(allowed > 0);
    });
  }

  it('when a member names another organization in Lumiku-Organization (or one that does not exist), then every /v1 operation answers 404, as for another account\'s objects', async () => {
    const a = members.owner;
    const wrong: string[] = [];
    for (const org of [orgB, 'acct_01jhx7ac0000000000000000zz', 'not-an-id']) {
      for (const op of OPS) {
        const res = await send(a, op, sessionHeaders(org, a.csrf));
        if (res.status !== 404 || res.body?.code !== 'resource_not_found') wrong.push(`${op.method} ${op.template} as ${org}: ${res.status} ${res.text.slice(0, 100)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('when a session sends an Idempotency-Key, then a retry replays, and another person of the organization with the same key does not', async () => {
    const owner = members.owner;
    const admin = members.admin;
    const send = (m: Member, email: string) =>
      m.browser.request('POST', '/v1/invitations', { body: { email, role: 'viewer' }, headers: { ...sessionHeaders(orgA, m.csrf), 'idempotency-key': 'invite-once' } });
    const first = await send(owner, 'once@example.com');
    assert.equal(first.status, 201, first.text);
    const again = await send(owner, 'once@example.com');
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.id, first.body.id);
    const other = await send(admin, 'twice@example.com');
    assert.equal(other.status, 201, other.text);
    assert.notEqual(other.body.id, first.body.id, 'idempotency keys belong to the person');
  });

  it("when B's objects are asked for by A's member in A's organization, then they are 404 and A's lists do not show them", async () => {
    const b = memberB;
    const hdrB = sessionHeaders(orgB, b.csrf);
    const key = await b.browser.request('POST', '/v1/api_keys', { body: { name: 'b key', scopes: ['read'] }, headers: hdrB });
    assert.equal(key.status, 201, key.text);
    const invite = await b.browser.request('POST', '/v1/invitations', { body: { email: 'someone@example.com', role: 'viewer' }, headers: hdrB });
    assert.equal(invite.status, 201, invite.text);
    const bMembers = await b.browser.request('GET', '/v1/members', { headers: hdrB });
    const bMember = bMembers.body.data[0].id;

    const a = members.owner;
    const hdrA = sessionHeaders(orgA, a.csrf);
    for (const [method, path] of [
      ['GET', `/v1/api_keys/${key.body.id}`],
      ['DELETE', `/v1/api_keys/${key.body.id}`],
      ['GET', `/v1/members/${bMember}`],
      ['PATCH', `/v1/members/${bMember}`],
      ['DELETE', `/v1/members/${bMember}`],
      ['DELETE', `/v1/invitations/${invite.body.id}`],
    ]) {
      const res = await a.browser.request(method, path, { headers: hdrA, ...(method === 'PATCH' ? { body: { role: 'viewer' } } : {}) });
      assert.equal(res.status, 404, `${method} ${path}: ${res.text}`);
    }
    for (const list of ['/v1/api_keys', '/v1/members', '/v1/invitations', '/v1/audit_events']) {
      const res = await a.browser.request('GET', `${list}?limit=100`, { headers: hdrA });
      assert.equal(res.status, 200, `${list}: ${res.text}`);
      for (const id of [key.body.id, bMember, invite.body.id, b.userId]) assert.ok(!res.text.includes(id), `${list} shows B's ${id}`);
    }
    const org = await a.browser.request('GET', '/v1/organization', { headers: hdrA });
    assert.equal(org.body.id, orgA);
  });
});
