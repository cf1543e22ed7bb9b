import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { addMembership } from '../../api/src/domain/people/memberships';
import { call, createTestAccount, startTestApp, type TestApp } from '../support/harness';
import { Browser, mailFiles, makeMember, makeOrganization, sessionHeaders, tokenOf, uniqueEmail, waitForMail, type Member } from './support';

const memberIdOf = async (app: TestApp, org: string, userId: string) =>
  (await app.db.query<{ id: string }>(`SELECT id FROM memberships WHERE account_id = :org AND user_id = :userId`, { replacements: { org, userId }, type: QueryTypes.SELECT }))[0]?.id;

describe('people: members, roles, the last owner, invitations', function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0' });
  });
  after(() => app?.close());

  const as = (m: Member, org: string) => ({ headers: sessionHeaders(org, m.csrf) });

  it('when the only owner demotes or removes themselves, then it is 409 last_owner; with a second owner it works; two owners demoting each other at once leave one', async () => {
    const org = (await makeOrganization(app.db)).id;
    const owner = await makeMember(app.db, app.baseUrl, org, 'owner');
    const self = await memberIdOf(app, org, owner.userId);
    const demote = await owner.browser.request('PATCH', `/v1/members/${self}`, { body: { role: 'admin' }, ...as(owner, org) });
    assert.equal(demote.status, 409, demote.text);
    assert.equal(demote.body.code, 'last_owner');
    const remove = await owner.browser.request('DELETE', `/v1/members/${self}`, as(owner, org));
    assert.equal(remove.status, 409);
    assert.equal(remove.body.code, 'last_owner');

    const second = await makeMember(app.db, app.baseUrl, org, 'owner');
    const other = await memberIdOf(app, org, second.userId);
    // Both at once: the row locks serialize them, so exactly one wins.
    const [x, y] = await Promise.all([
      owner.browser.request('PATCH', `/v1/members/${other}`, { body: { role: 'developer' }, ...as(owner, org) }),
      second.browser.request('PATCH', `/v1/members/${self}`, { body: { role: 'developer' }, ...as(second, org) }),
    ]);
    assert.deepEqual([x.status, y.status].sort(), [200, 409], `${x.text} ${y.text}`);
    const [owners] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM memberships WHERE account_id = :org AND role = 'owner'`, { replacements: { org }, type: QueryTypes.SELECT });
    assert.equal(owners.n, 1);
  });

  it('when an admin tries to make an owner, change an owner or remove one, then it is 403 owner_required; an owner may', async () => {
    const org = (await makeOrganization(app.db)).id;
    const owner = await makeMember(app.db, app.baseUrl, org, 'owner');
    const admin = await makeMember(app.db, app.baseUrl, org, 'admin');
    const dev = await makeMember(app.db, app.baseUrl, org, 'developer');
    const ownerId = await memberIdOf(app, org, owner.userId);
    const devId = await memberIdOf(app, org, dev.userId);
    for (const [method, path, body] of [
      ['PATCH', `/v1/members/${devId}`, { role: 'owner' }],
      ['PATCH', `/v1/members/${ownerId}`, { role: 'viewer' }],
      ['DELETE', `/v1/members/${ownerId}`, undefined],
    ] as const) {
      const res = await admin.browser.request(method, path, { body, ...as(admin, org) });
      assert.equal(res.status, 403, `${method} ${path}: ${res.text}`);
      assert.equal(res.body.code, 'owner_required');
    }
    const invite = await admin.browser.request('POST', '/v1/invitations', { body: { email: uniqueEmail('boss'), role: 'owner' }, ...as(admin, org) });
    assert.equal(invite.body.code, 'owner_required');
    // An admin manages the other roles.
    const promote = await admin.browser.request('PATCH', `/v1/members/${devId}`, { body: { role: 'billing' }, ...as(admin, org) });
    assert.equal(promote.status, 200, promote.text);
    assert.equal(promote.body.role, 'billing');
    const byOwner = await owner.browser.request('PATCH', `/v1/members/${devId}`, { body: { role: 'owner' }, ...as(owner, org) });
    assert.equal(byOwner.status, 200, byOwner.text);
    // A key (even with members:manage) never transfers ownership.
    const acct = await createTestAccount(app.db);
    const keyInvite = await call(app.baseUrl, 'POST', '/v1/invitations', { key: acct.test, body: { email: uniqueEmail('k'), role: 'owner' } });
    assert.equal(keyInvite.body.code, 'owner_required');
  });

  it('when a role changes, then it counts on the member\'s next request, and the audit log has it', async () => {
    const org = (await makeOrganization(app.db)).id;
    const owner = await makeMember(app.db, app.baseUrl, org, 'owner');
    const dev = await makeMember(app.db, app.baseUrl, org, 'developer');
    const write = () => dev.browser.request('POST', '/v1/webhook_endpoints', { body: {}, ...as(dev, org) });
    assert.equal((await write()).status, 422, 'a developer may (the empty body is then invalid)');
    const devId = await memberIdOf(app, org, dev.userId);
    const changed = await owner.browser.request('PATCH', `/v1/members/${devId}`, { body: { role: 'viewer' }, ...as(owner, org) });
    assert.equal(changed.status, 200, changed.text);
    const refused = await write();
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'insufficient_scope');
    const audit = await owner.browser.request('GET', `/v1/audit_events?target=${devId}`, as(owner, org));
    assert.equal(audit.body.data[0].action, 'member.role_changed');
    assert.deepEqual([audit.body.data[0].data.from, audit.body.data[0].data.to], ['developer', 'viewer']);
  });

  it('when a member is removed, then their session loses the organization on the next request (404) and keeps the others', async () => {
    const org = (await makeOrganization(app.db)).id;
    const other = (await makeOrganization(app.db)).id;
    const owner = await makeMember(app.db, app.baseUrl, org, 'owner');
    const dev = await makeMember(app.db, app.baseUrl, org, 'developer');
    await addMembership(app.db, { accountId: other, userId: dev.userId, role: 'viewer' });
    assert.equal((await dev.browser.request('GET', '/v1/account', as(dev, org))).status, 200);
    const removed = await owner.browser.request('DELETE', `/v1/members/${await memberIdOf(app, org, dev.userId)}`, as(owner, org));
    assert.equal(removed.status, 200, removed.text);
    assert.deepEqual(removed.body, { id: removed.body.id, object: 'member', deleted: true });
    const after = await dev.browser.request('GET', '/v1/account', as(dev, org));
    assert.equal(after.status, 404);
    assert.equal(after.body.code, 'resource_not_found');
    assert.equal((await dev.browser.request('GET', '/v1/account', as(dev, other))).status, 200, 'the other organization still works');
    // Removed from the last one too: signed out everywhere.
    const ownerOther = await makeMember(app.db, app.baseUrl, other, 'owner');
    await ownerOther.browser.request('DELETE', `/v1/members/${await memberIdOf(app, other, dev.userId)}`, as(ownerOther, other));
    const gone = await dev.browser.request('GET', '/auth/session');
    assert.equal(gone.status, 401);
    const actions = await owner.browser.request('GET', '/v1/audit_events?action=member.removed', as(owner, org));
    assert.equal(actions.body.data.length, 1);
  });

  it('when an invitation is sent and accepted by someone new, then they join with the role; the link then is used, an expired or revoked one refused', async () => {
    const org = (await makeOrganization(app.db, 'Inviting Org')).id;
    const owner = await makeMember(app.db, app.baseUrl, org, 'owner');
    const email = uniqueEmail('grace');
    const before = mailFiles(app.config.dataDir);
    const invited = await owner.browser.request('POST', '/v1/invitations', { body: { email, role: 'developer' }, ...as(owner, org) });
    assert.equal(invited.status, 201, invited.text);
    assert.equal(invited.body.status, 'pending');
    assert.ok(!invited.text.includes('token'), 'the link is only in the email');
    const expiresIn = new Date(invited.body.expires_at).getTime() - Date.now();
    assert.ok(Math.abs(expiresIn - 7 * 86_400_000) < 60_000, 'valid 7 days');
    const mail = await waitForMail(app.config.dataDir, email, /invited to Inviting Org/, { after: before });
    assert.match(mail.text, /as a developer/);
    const token = tokenOf(mail.links.find((l) => l.includes('/invitations/accept#token='))!);

    const guest = new Browser(app.baseUrl);
    const missing = await guest.request('POST', '/auth/invitations/accept', { body: { token } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body.errors.map((e: any) => e.path).sort(), ['name', 'password']);
    const accepted = await guest.request('POST', '/auth/invitations/accept', { body: { token, name: 'Grace', password: 'nanoseconds are a foot long' } });
    assert.equal(accepted.status, 200, accepted.text);
    assert.equal(accepted.body.user.email, email);
    assert.equal(accepted.body.user.email_verified, true, 'the link came to the address');
    assert.deepEqual(accepted.body.organizations.map((o: any) => [o.id, o.role]), [[org, 'developer']]);
    const useIt = await guest.request('GET', '/v1/files', { headers: sessionHeaders(org) });
    assert.equal(useIt.status, 200, useIt.text);

    const reused = await new Browser(app.baseUrl).request('POST', '/auth/invitations/accept', { body: { token, name: 'Mallory', password: 'another long passphrase' } });
    assert.equal(reused.status, 410);
    assert.equal(reused.body.code, 'link_used');

    // Expired: the same invitation a week and a moment later.
    const late = uniqueEmail('late');
    const mark = mailFiles(app.config.dataDir);
    const lateInvite = await owner.browser.request('POST', '/v1/invitations', { body: { email: late, role: 'viewer' }, ...as(owner, org) });
    const lateToken = tokenOf((await waitForMail(app.config.dataDir, late, /invited/, { after: mark })).links[0]);
    await app.db.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = :id`, { replacements: { id: lateInvite.body.id } });
    const expired = await new Browser(app.baseUrl).request('POST', '/auth/invitations/accept', { body: { token: lateToken, name: 'Late', password: 'nanoseconds are a foot long' } });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.code, 'link_expired');
    const listed = await owner.browser.request('GET', '/v1/invitations', as(owner, org));
    assert.equal(listed.body.data.find((i: any) => i.id === lateInvite.body.id).status, 'expired');

    // Revoked: the link stops working.
    const gone = uniqueEmail('gone');
    const mark2 = mailFiles(app.config.dataDir);
    const goneInvite = await owner.browser.request('POST', '/v1/invitations', { body: { email: gone, role: 'viewer' }, ...as(owner, org) });
    const goneToken = tokenOf((await waitForMail(app.config.dataDir, gone, /invited/, { after: mark2 })).links[0]);
    const revoked = await owner.browser.request('DELETE', `/v1/invitations/${goneInvite.body.id}`, as(owner, org));
    assert.equal(revoked.body.status, 'revoked');
    const refused = await new Browser(app.baseUrl).request('POST', '/auth/invitations/accept', { body: { token: goneToken, name: 'Gone', password: 'nanoseconds are a foot long' } });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'link_invalid');
    const junk = await new Browser(app.baseUrl).request('POST', '/auth/invitations/accept', { body: { token: 'q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo' } });
    assert.equal(junk.body.code, 'link_invalid');

    const already = await owner.browser.request('POST', '/v1/invitations', { body: { email, role: 'viewer' }, ...as(owner, org) });
    assert.equal(already.status, 409);
    assert.equal(already.body.code, 'already_member');
    const audit = await owner.browser.request('GET', '/v1/audit_events?action=member.invited', as(owner, org));
    assert.equal(audit.body.data.length, 3);
  });

  it('when someone with an account is invited, then they accept signed in as that address; signed out it is 401, as another address 403', async () => {
    const org = (await makeOrganization(app.db)).id;
    const owner = await makeMember(app.db, app.baseUrl, org, 'owner');
    // An account with a real password (signed up through the API).
    const email = uniqueEmail('existing');
    const password = 'a long and uncommon passphrase';
    await new Browser(app.baseUrl).request('POST', '/auth/signup', { body: { email, password, name: 'Existing' } });
    const mark = mailFiles(app.config.dataDir);
    await owner.browser.request('POST', '/v1/invitations', { body: { email, role: 'admin' }, ...as(owner, org) });
    const token = tokenOf((await waitForMail(app.config.dataDir, email, /invited/, { after: mark })).links[0]);

    const signedOut = await new Browser(app.baseUrl).request('POST', '/auth/invitations/accept', { body: { token } });
    assert.equal(signedOut.status, 401);
    assert.equal(signedOut.body.code, 'invalid_session');
    const stranger = await makeMember(app.db, app.baseUrl, (await makeOrganization(app.db)).id, 'owner');
    const mismatch = await stranger.browser.request('POST', '/auth/invitations/accept', { body: { token }, headers: { 'lumiku-csrf-token': stranger.csrf } });
    assert.equal(mismatch.status, 403);
    assert.equal(mismatch.body.code, 'invitation_email_mismatch');

    const browser = new Browser(app.baseUrl);
    const login = await browser.request('POST', '/auth/login', { body: { email, password } });
    const oldCookie = browser.cookies.get('lumiku_session');
    const noCsrf = await browser.request('POST', '/auth/invitations/accept', { body: { token } });
    assert.equal(noCsrf.body.code, 'csrf_failed');
    const accepted = await browser.request('POST', '/auth/invitations/accept', { body: { token }, headers: { 'lumiku-csrf-token': login.body.csrf_token } });
    assert.equal(accepted.status, 200, accepted.text);
    assert.ok(accepted.body.organizations.some((o: any) => o.id === org && o.role === 'admin'));
    assert.notEqual(browser.cookies.get('lumiku_session'), oldCookie, 'the session is rotated on the new privilege');
    const stale = new Browser(app.baseUrl);
    stale.cookies.set('lumiku_session', oldCookie!);
    assert.equal((await stale.request('GET', '/auth/session')).status, 401, 'the old session ended');
    assert.equal((await browser.request('GET', '/v1/members', { headers: sessionHeaders(org) })).status, 200);
  });
});
