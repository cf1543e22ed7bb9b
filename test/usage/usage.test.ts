import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { createApiKey, findKeyBySecret, type ApiKeyRow } from '../../api/src/domain/accounts/api-keys';
import { newId } from '../../api/src/domain/ids';
import * as lifecycle from '../../api/src/domain/jobs/lifecycle';
import { JOB_APPS } from '../../api/src/domain/jobs/registry';
import type { Quote } from '../../api/src/domain/pricing/pricing';
import { resolveRange } from '../../api/src/domain/usage/range';
import { SEAL_AFTER, SEAL_BATCH_DAYS, sealDays, usageRows, usageRowsFromJobs } from '../../api/src/domain/usage/report';
import { assertLedgerBalances, call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';

/*
 * GET /v1/usage (issue 13): per UTC bucket, jobs created and the credits the ledger settled for them.
 * Jobs are driven through the lifecycle (the only writer of job state and of its credit
 * reservation), so every figure has real ledger rows behind it; the expected figures are computed
 * from those ledger rows, never from the code under test. Some jobs are moved back in time to fill
 * past days and months, which the report seals (keeps their totals once) when they can no longer
 * change.
 */

const DAY = 86_400_000;
const UNIT_PRICE = 2;
const quoteOf = (units: number, product: string): Quote => ({ product, unit: 'unit', quantity: units, unit_price: UNIT_PRICE, total: units * UNIT_PRICE, lines: [] });
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const today = () => new Date(Math.floor(Date.now() / DAY) * DAY);

type Outcome = 'succeeded' | 'partial' | 'failed' | 'canceled' | 'queued' | 'processing';
interface Made {
  id: string;
  app: string;
  keyId: string | null;
  status: string;
  createdDay: string;
  livemode: boolean;
}

interface Expected {
  jobs: number;
  credits_charged: number;
  credits_refunded: number;
  credits_held: number;
}

describe('usage report', function () {
  this.timeout(60_000);
  let app: TestApp;
  let acct: TestAccount;
  let env: lifecycle.LifecycleEnv;
  let liveKey: ApiKeyRow;
  let quotaKey: ApiKeyRow;
  let testKey: ApiKeyRow;
  const made: Made[] = [];

  /** Creates a job with the lifecycle and takes it to `outcome`; `daysAgo` moves its creation back. */
  async function job(o: { app?: 'carousel' | 'loop' | 'video_mix'; key?: ApiKeyRow | null; units?: number; outcome: Outcome; daysAgo?: number; livemode?: boolean }): Promise<Made> {
    const def = JOB_APPS[o.app ?? 'carousel'];
    const units = o.units ?? 5;
    const livemode = o.livemode ?? true;
    const key = o.key === undefined ? liveKey : o.key;
    const id = newId(def.idPrefix);
    await lifecycle.create(env, {
      app: def,
      id,
      accountId: acct.accountId,
      livemode,
      apiKey: key,
      request: { units },
      plan: { units },
      quote: quoteOf(units, def.name),
      hold: livemode ? units * UNIT_PRICE : 0,
      metadata: {},
      externalId: null,
      webhook: null,
    });
    if (o.outcome !== 'queued' && o.outcome !== 'canceled') await lifecycle.claim(env, id);
    if (o.outcome === 'succeeded') assert.ok(await lifecycle.succeed(env, id, { outputs: [] }));
    if (o.outcome === 'partial') assert.ok(await lifecycle.succeed(env, id, { outputs: [], billableUnits: 2 }));
    if (o.outcome === 'failed') assert.ok(await lifecycle.fail(env, id, { code: 'render_failed', message: 'x' }));
    if (o.outcome === 'canceled') assert.ok(await lifecycle.cancelQueued(env, id));
    if (o.daysAgo) await app.db.query(`UPDATE jobs SET created_at = created_at - make_interval(days => :n) WHERE id = :id`, { replacements: { id, n: o.daysAgo } });
    const [row] = await app.db.query<{ status: string; created_at: Date }>(`SELECT status, created_at FROM jobs WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT });
    const m = { id, app: def.name, keyId: key?.id ?? null, status: row.status, createdDay: dayOf(new Date(row.created_at)), livemode };
    made.push(m);
    return m;
  }

  /**
   * What the report must say, from the ledger: per job, charged = what its reservation took and did
   * not give back once settled, refunded = what the release rows gave back, held = the reserve of a
   * job not yet settled. Grouped by the job's UTC creation day (or month) and `groupBy`.
   */
  async function fromLedger(opts: { livemode?: boolean; month?: boolean; groupBy?: 'app' | 'api_key' | 'status'; keyId?: string } = {}) {
    const rows = await app.db.query<{ id: string; app: string; api_key_id: string | null; status: string; day: string; reserved: number; released: number; settled: boolean }>(
      `SELECT j.id, j.app, j.api_key_id, j.status, to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              COALESCE((SELECT -sum(t.amount) FROM credit_transactions t WHERE t.reservation_id = j.reservation_id AND t.type = 'reserve'), 0)::bigint AS reserved,
              COALESCE((SELECT sum(t.amount) FROM credit_transactions t WHERE t.reservation_id = j.reservation_id AND t.type = 'release'), 0)::bigint AS released,
              EXISTS (SELECT 1 FROM credit_transactions t WHERE t.reservation_id = j.reservation_id AND t.type IN ('capture', 'release')) AS settled
         FROM jobs j WHERE j.account_id = :a AND j.livemode = :m`,
      { replacements: { a: acct.accountId, m: opts.livemode ?? true }, type: QueryTypes.SELECT },
    );
    const out = new Map<string, Expected>();
    for (const r of rows) {
      if (opts.keyId && r.api_key_id !== opts.keyId) continue;
      const bucket = opts.month ? `${r.day.slice(0, 7)}-01` : r.day;
      const group = opts.groupBy === 'app' ? r.app : opts.groupBy === 'api_key' ? r.api_key_id : opts.groupBy === 'status' ? r.status : null;
      const k = `${bucket}|${group}`;
      const e = out.get(k) ?? { jobs: 0, credits_charged: 0, credits_refunded: 0, credits_held: 0 };
      e.jobs += 1;
      if (r.settled) {
        e.credits_charged += r.reserved - r.released;
        e.credits_refunded += r.released;
      } else e.credits_held += r.reserved;
      out.set(k, e);
    }
    return out;
  }

  /** The API's answer in the same shape: `bucket|group` → amounts, empty ones left out. */
  function fromReport(body: any) {
    const out = new Map<string, Expected>();
    for (const b of body.data) {
      const bucket = b.start.slice(0, 10);
      const parts = body.group_by ? b.groups : b.jobs ? [{ ...b, group: null }] : [];
      for (const g of parts) out.set(`${bucket}|${g.group}`, { jobs: g.jobs, credits_charged: g.credits_charged, credits_refunded: g.credits_refunded, credits_held: g.credits_held });
    }
    return out;
  }

  const usage = async (query: string, key = acct.live) => {
    const res = await call(app.baseUrl, 'GET', `/v1/usage${query}`, { key });
    assert.equal(res.status, 200, res.text);
    return res.body;
  };
  const sealedDays = async () =>
    (await app.db.query<{ day: string }>(`SELECT day::text AS day FROM usage_sealed_days WHERE account_id = :a AND livemode ORDER BY day`, { replacements: { a: acct.accountId }, type: QueryTypes.SELECT })).map((r) => r.day);

  before(async () => {
    app = await startTestApp();
    env = { db: app.db, config: app.config };
    acct = await createTestAccount(app.db, { balance: 100_000 });
    liveKey = (await findKeyBySecret(app.db, acct.live))!;
    testKey = (await findKeyBySecret(app.db, acct.test))!;
    quotaKey = (await createApiKey(app.db, { accountId: acct.accountId, name: 'client a', livemode: true, creditLimit: 1000, creditLimitPeriod: 'month' })).key;

    // Today: every outcome, three apps, two keys and one job without a key.
    await job({ outcome: 'succeeded' });
    await job({ outcome: 'partial', app: 'loop' });
    await job({ outcome: 'failed', app: 'video_mix', key: quotaKey });
    await job({ outcome: 'canceled', key: quotaKey });
    await job({ outcome: 'queued', app: 'loop', key: quotaKey });
    await job({ outcome: 'processing', key: null });
    // Past days: all ended (so sealable), except one day with a job still running.
    await job({ outcome: 'succeeded', daysAgo: 2, key: quotaKey });
    await job({ outcome: 'failed', daysAgo: 2, app: 'loop' });
    await job({ outcome: 'partial', daysAgo: 3, app: 'video_mix' });
    await job({ outcome: 'processing', daysAgo: 4 });
    await job({ outcome: 'succeeded', daysAgo: 4, units: 7 });
    // Last month and before.
    await job({ outcome: 'succeeded', daysAgo: 40, units: 3 });
    await job({ outcome: 'canceled', daysAgo: 70, app: 'loop' });
    // Test mode: counted, free.
    await job({ outcome: 'succeeded', key: testKey, livemode: false });
    await job({ outcome: 'failed', key: testKey, livemode: false, daysAgo: 2 });
    await assertLedgerBalances(app.db);
  });
  after(async () => app.close());

  const last90 = () => `?from=${dayOf(new Date(today().getTime() - 89 * DAY))}&to=${dayOf(new Date(today().getTime() + DAY))}`;

  it('when asked by day, then every bucket\'s jobs and credits equal the ledger\'s, and past days are sealed but not a day with a running job', async () => {
    const body = await usage(last90());
    assert.equal(body.object, 'usage');
    assert.equal(body.timezone, 'UTC');
    assert.equal(body.granularity, 'day');
    assert.equal(body.data.length, 90, 'every day of the range, empty ones too');
    assert.equal(body.data[89].start, today().toISOString());
    assert.equal(body.data[89].end, new Date(today().getTime() + DAY).toISOString());
    assert.deepEqual(fromReport(body), await fromLedger());
    const totals = [...(await fromLedger()).values()].reduce((t, e) => ({ jobs: t.jobs + e.jobs, credits_charged: t.credits_charged + e.credits_charged, credits_refunded: t.credits_refunded + e.credits_refunded, credits_held: t.credits_held + e.credits_held }));
    assert.deepEqual(body.totals, totals);
    assert.ok(body.totals.credits_held > 0 && body.totals.credits_refunded > 0 && body.totals.credits_charged > 0);

    // One report seals at most SEAL_BATCH_DAYS (31) days, oldest first: three cover the 90.
    assert.equal((await sealedDays()).length, SEAL_BATCH_DAYS);
    assert.deepEqual(fromReport(await usage(last90())), await fromLedger(), 'part sealed, part read from the jobs: the same figures');
    await usage(last90());
    const sealed = await sealedDays();
    const ago = (n: number) => dayOf(new Date(today().getTime() - n * DAY));
    for (const n of [2, 3, 40, 70]) assert.ok(sealed.includes(ago(n)), `${ago(n)} sealed`);
    assert.ok(!sealed.includes(ago(4)), 'a day with a job still processing stays open');
    assert.ok(!sealed.includes(ago(0)), 'today stays open');

    // Read again (now from the sealed totals): the same answer, and the same as straight from the jobs.
    assert.deepEqual(await usage(last90()), body);
    const range = resolveRange({ from: body.from, to: body.to });
    const scope = { accountId: acct.accountId, livemode: true };
    const open = await sealDays(app.db, scope, range);
    // Yesterday stays open too during the first SEAL_AFTER (an hour) of today.
    assert.equal(SEAL_AFTER, '1 hour');
    const yesterdayOpen = Date.now() - today().getTime() < 3_600_000;
    assert.deepEqual(open, [ago(4), ...(yesterdayOpen ? [ago(1)] : []), ago(0)].filter((d) => d >= body.from.slice(0, 10)).sort());
    const straight = await usageRowsFromJobs(app.db, scope, range, 'status');
    assert.deepEqual(await usageRows(app.db, scope, range, 'status', open), straight);
    // A day sealed by another report between this one's two statements is read from the jobs: still the same.
    assert.deepEqual(await usageRows(app.db, scope, range, 'status', [...open, ago(2), ago(40)].sort()), straight);
  });

  it('when a running job on an open past day ends, then that day is sealed next time with its final figures', async () => {
    const running = made.find((m) => m.status === 'processing' && m.createdDay !== dayOf(today()))!;
    assert.ok(await lifecycle.succeed(env, running.id, { outputs: [], billableUnits: 1 }));
    const body = await usage(last90());
    assert.ok((await sealedDays()).includes(running.createdDay));
    assert.deepEqual(fromReport(body), await fromLedger());
    const day = body.data.find((b: any) => b.start.startsWith(running.createdDay));
    assert.equal(day.credits_held, 0);
  });

  for (const groupBy of ['app', 'api_key', 'status'] as const) {
    it(`when grouped by ${groupBy}, then each group equals the ledger and the groups add up to their bucket`, async () => {
      const body = await usage(`${last90()}&group_by=${groupBy}`);
      assert.equal(body.group_by, groupBy);
      assert.deepEqual(fromReport(body), await fromLedger({ groupBy }));
      for (const b of body.data) {
        for (const f of ['jobs', 'credits_charged', 'credits_refunded', 'credits_held'])
          assert.equal(b.groups.reduce((n: number, g: any) => n + g[f], 0), b[f], `${b.start} ${f}`);
      }
      const groups = new Set(body.data.flatMap((b: any) => b.groups.map((g: any) => g.group)));
      const expected = { app: ['carousel', 'loop', 'video_mix'], api_key: [liveKey.id, quotaKey.id, null], status: ['canceled', 'failed', 'processing', 'queued', 'succeeded'] }[groupBy];
      assert.deepEqual([...groups].sort(), [...expected].sort());
    });
  }

  it('when asked by month, or for one key, then the figures are the ledger\'s by month and for that key', async () => {
    const body = await usage('?granularity=month');
    assert.equal(body.data.length, 12, 'default: the last twelve months with this one');
    assert.equal(body.data[11].start, new Date(Date.UTC(today().getUTCFullYear(), today().getUTCMonth(), 1)).toISOString());
    assert.deepEqual(fromReport(body), await fromLedger({ month: true }));
    const forKey = await usage(`${last90()}&api_key=${quotaKey.id}`);
    assert.equal(forKey.api_key, quotaKey.id);
    assert.deepEqual(fromReport(forKey), await fromLedger({ keyId: quotaKey.id }));
  });

  it('when a test key asks, then it sees test jobs, counted but free, and a live key never sees them', async () => {
    const test = await usage(last90(), acct.test);
    assert.equal(test.livemode, false);
    assert.deepEqual(test.totals, { jobs: 2, credits_charged: 0, credits_refunded: 0, credits_held: 0 });
    assert.deepEqual(fromReport(test), await fromLedger({ livemode: false }));
    const live = await usage(`${last90()}&group_by=api_key`);
    assert.equal(live.livemode, true);
    assert.ok(!live.data.some((b: any) => b.groups.some((g: any) => g.group === testKey.id)));
    assert.equal(live.totals.jobs, made.filter((m) => m.livemode).length);
  });

  it('when another organization asks, then it sees none of these jobs', async () => {
    const other = await createTestAccount(app.db);
    const body = await usage(last90(), other.live);
    assert.deepEqual(body.totals, { jobs: 0, credits_charged: 0, credits_refunded: 0, credits_held: 0 });
    const probe = await usage(`${last90()}&api_key=${liveKey.id}`, other.live);
    assert.equal(probe.totals.jobs, 0, 'naming another organization\'s key shows nothing');
  });

  it('when nothing is given, then the report is this UTC month by day', async () => {
    const body = await usage('');
    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    assert.equal(body.from, first.toISOString());
    assert.equal(body.to, next.toISOString());
    assert.equal(body.data.length, Math.round((next.getTime() - first.getTime()) / DAY));
    assert.equal(body.group_by, null);
  });

  it('when from and to are times inside days, then they widen to whole UTC days', async () => {
    const body = await usage('?from=2026-01-10T15:30:00%2B07:00&to=2026-01-12T00:00:01Z');
    assert.equal(body.from, '2026-01-10T00:00:00.000Z');
    assert.equal(body.to, '2026-01-13T00:00:00.000Z');
    assert.equal(body.data.length, 3);
  });

  const invalid: [string, string][] = [
    ['?from=yesterday', 'query.from'],
    ['?from=2026-02-30', 'query.from'],
    ['?from=2026-01-10T10:00:00', 'query.from'],
    ['?to=2026-13-01', 'query.to'],
    ['?from=2026-01-10&to=2026-01-10', 'query.to'],
    ['?from=2026-01-10&to=2026-01-01', 'query.to'],
    ['?from=2025-01-01&to=2026-01-03', 'query.to'],
    ['?granularity=month&from=2010-01-01&to=2026-01-01', 'query.to'],
    ['?from=2020-01-01', 'query.from'],
    ['?granularity=week', 'query.granularity'],
    ['?group_by=colour', 'query.group_by'],
    ['?api_key=acct_123', 'query.api_key'],
  ];
  for (const [query, field] of invalid) {
    it(`when the query is ${query}, then 422 names ${field}`, async () => {
      const res = await call(app.baseUrl, 'GET', `/v1/usage${query}`, { key: acct.live });
      assert.equal(res.status, 422, res.text);
      assert.equal(res.body.code, 'validation_failed');
      assert.deepEqual(res.body.errors.map((e: any) => e.path), [field]);
    });
  }

  it('when a day report spans 366 days, then it is answered, and 367 is refused', async () => {
    assert.equal((await usage('?from=2025-01-01&to=2026-01-02')).data.length, 366);
    const res = await call(app.baseUrl, 'GET', '/v1/usage?from=2025-01-01&to=2026-01-03', { key: acct.live });
    assert.equal(res.status, 422);
    assert.match(res.body.detail, /at most 366 days/);
  });

  it('when a key is retrieved, then it shows its usage this period against its quota', async () => {
    const res = await call(app.baseUrl, 'GET', `/v1/api_keys/${quotaKey.id}`, { key: acct.live });
    assert.equal(res.status, 200, res.text);
    const [counter] = await app.db.query<{ used: number }>(`SELECT used FROM api_key_usage WHERE api_key_id = :id`, { replacements: { id: quotaKey.id }, type: QueryTypes.SELECT });
    // From the ledger: what the key's reservations took and did not give back.
    const [ledger] = await app.db.query<{ drawn: number }>(`SELECT (-sum(amount))::bigint AS drawn FROM credit_transactions WHERE api_key_id = :id AND type IN ('reserve', 'release')`, { replacements: { id: quotaKey.id }, type: QueryTypes.SELECT });
    const now = new Date();
    const u = res.body.usage;
    assert.equal(u.period, 'month');
    assert.equal(u.period_start, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString());
    assert.equal(u.resets_at, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString());
    assert.equal(u.credits_used, ledger.drawn);
    assert.equal(u.credits_used, counter.used);
    assert.ok(u.credits_used > 0);
    assert.equal(u.credit_limit, 1000);
    assert.equal(u.remaining, 1000 - u.credits_used);
    assert.equal(res.body.credit_used, u.credits_used);

    // Without a quota: what the key's jobs created this UTC month drew (charged + still held).
    const plain = await call(app.baseUrl, 'GET', `/v1/api_keys/${liveKey.id}`, { key: acct.live });
    const month = dayOf(now).slice(0, 7);
    const expected = [...(await fromLedger({ keyId: liveKey.id })).entries()].filter(([k]) => k.startsWith(month)).reduce((n, [, e]) => n + e.credits_charged + e.credits_held, 0);
    assert.deepEqual({ ...plain.body.usage, credits_used: plain.body.usage.credits_used }, { period: 'month', period_start: u.period_start, credits_used: expected, credit_limit: null, remaining: null, resets_at: u.resets_at });

    const total = (await createApiKey(app.db, { accountId: acct.accountId, name: 'once', livemode: true, creditLimit: 50, creditLimitPeriod: 'total' })).key;
    const once = await call(app.baseUrl, 'GET', `/v1/api_keys/${total.id}`, { key: acct.live });
    assert.deepEqual(once.body.usage, { period: 'total', period_start: null, credits_used: 0, credit_limit: 50, remaining: 50, resets_at: null });

    const testOwn = await call(app.baseUrl, 'GET', `/v1/api_keys/${testKey.id}`, { key: acct.test });
    assert.equal(testOwn.body.usage.credits_used, 0, 'test keys draw nothing');
  });
});
