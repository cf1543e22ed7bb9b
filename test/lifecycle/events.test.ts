import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import { newId, ID_PREFIX } from '../../api/src/domain/ids';
import type { JobApp } from '../../api/src/domain/jobs/app-contract';
import * as lifecycle from '../../api/src/domain/jobs/lifecycle';
import { JOB_APPS } from '../../api/src/domain/jobs/registry';
import type { JobRow } from '../../api/src/domain/jobs/repository';
import type { Quote } from '../../api/src/domain/pricing/pricing';
import { assertLedgerBalances, createTestAccount, startTestApp, type TestApp } from '../support/harness';

/*
 * Every job state change writes its event in the same transaction (the outbox), through the one
 * owner of job state: each lifecycle function is driven against the real database, and after each
 * call the job's events are compared with its status change.
 */

const UNIT_PRICE = 2;
const quoteOf = (units: number): Quote => ({ product: 'carousel', unit: 'slide', quantity: units, unit_price: UNIT_PRICE, total: units * UNIT_PRICE, lines: [] });

interface EventRow {
  type: string;
  data: { object: Record<string, any> };
}

describe('the job lifecycle', function () {
  this.timeout(60_000);
  let app: TestApp;
  let accountId: string;
  let env: lifecycle.LifecycleEnv;

  before(async () => {
    app = await startTestApp();
    accountId = (await createTestAccount(app.db, { balance: 10_000 })).accountId;
    env = { db: app.db, config: app.config };
  });
  after(async () => app.close());

  const jobRow = async (id: string) => (await app.db.query<JobRow>(`SELECT * FROM jobs WHERE id = :id`, { replacements: { id }, type: QueryTypes.SELECT }))[0] ?? null;
  const eventsOf = (id: string) => app.db.query<EventRow>(`SELECT type, data FROM events WHERE job_id = :id ORDER BY id`, { replacements: { id }, type: QueryTypes.SELECT });
  const balance = async () => (await app.db.query<{ balance: string }>(`SELECT balance FROM accounts WHERE id = :id`, { replacements: { id: accountId }, type: QueryTypes.SELECT }))[0].balance;
  const reservation = async (id: string) =>
    (await app.db.query<{ status: string; captured: string; released: string }>(`SELECT r.status, r.captured, r.released FROM credit_reservations r JOIN jobs j ON j.reservation_id = r.id WHERE j.id = :id`, { replacements: { id }, type: QueryTypes.SELECT }))[0];

  /**
   * Runs one lifecycle call on job `id` and checks the outbox against it: a changed status has
   * exactly one new event, `<app>.<new status>`, carrying the job in its new state; an unchanged
   * status has none. Returns what the call returned.
   */
  async function step<T>(id: string, call: () => Promise<T>): Promise<T> {
    const before = await jobRow(id);
    const eventsBefore = await eventsOf(id);
    const result = await call();
    const after = await jobRow(id);
    const added = (await eventsOf(id)).slice(eventsBefore.length);
    if (after && after.status !== before?.status) {
      assert.deepEqual(added.map((e) => e.type), [`${after.app}.${after.status}`], `${before?.status ?? '(none)'} → ${after.status} writes its event`);
      assert.equal(added[0].data.object.id, id);
      assert.equal(added[0].data.object.status, after.status, 'the event carries the new state');
    } else {
      assert.deepEqual(added.map((e) => e.type), [], `no status change (${after?.status}), no event`);
    }
    return result;
  }

  const newJob = (units = 5, app: JobApp<any, any> = JOB_APPS.carousel, plan: unknown = { units }) => {
    const id = newId(app.idPrefix);
    return step(id, () =>
      lifecycle.create(env, { app, id, accountId, livemode: true, apiKey: null, request: { units }, plan, quote: quoteOf(units), hold: units * UNIT_PRICE, metadata: {}, externalId: null, webhook: null }),
    );
  };

  const storedOutput = (index: number): lifecycle.StoredOutput => ({
    fileId: newId(ID_PREFIX.file),
    storageKey: `files/${accountId}/out-${index}`,
    sha256: 'a'.repeat(64),
    bytes: 100 + index,
    output: { path: '/nowhere', filename: `slide-${index}.jpg`, content_type: 'image/jpeg', kind: 'image', role: 'slide', index, metadata: { n: index } },
  });

  it('when a job is created, claimed, retried, put back, claimed again and succeeds, then each status change has its event and nothing else does', async () => {
    const start = Number(await balance());
    const created = await newJob(5);
    assert.equal(created.status, 'queued');
    assert.equal(Number(await balance()), start - 10, 'the hold is taken with the create');

    const claimed = await step(created.id, () => lifecycle.claim(env, created.id));
    assert.equal(claimed?.changed, true);
    const retried = await step(created.id, () => lifecycle.claim(env, created.id));
    assert.equal(retried?.changed, false, 'a retry of a processing job is no state change');
    assert.equal((await jobRow(created.id)).attempts, 2);

    assert.deepEqual(await step(created.id, () => lifecycle.heartbeat(env, created.id)), { cancelRequested: false });
    await step(created.id, () => lifecycle.progress(env, created.id, { fraction: 0.5, stage: 'rendering', eta_seconds: 3 }));
    assert.equal(Number((await jobRow(created.id)).progress_fraction), 0.5);

    assert.equal(await step(created.id, () => lifecycle.requeue(env, created.id)), true);
    assert.equal((await jobRow(created.id)).status, 'queued');
    assert.equal((await step(created.id, () => lifecycle.claim(env, created.id)))?.changed, true);

    const outputs = [storedOutput(0), storedOutput(1)];
    // Partial success: 3 of the 5 units are charged, the rest of the hold comes back.
    assert.equal(await step(created.id, () => lifecycle.succeed(env, created.id, { outputs, billableUnits: 3 })), true);
    const done = await jobRow(created.id);
    assert.equal(done.status, 'succeeded');
    assert.equal(done.credits_charged, 6);
    assert.equal(done.credits_refunded, 4);
    assert.equal(Number(await balance()), start - 6);
    const events = await eventsOf(created.id);
    assert.deepEqual(events.map((e) => e.type), ['carousel.queued', 'carousel.processing', 'carousel.queued', 'carousel.processing', 'carousel.succeeded']);
    const succeeded = events.at(-1)!.data.object;
    assert.deepEqual(succeeded.outputs.map((o: any) => [o.file_id, o.filename, o.bytes, o.role, o.index]), outputs.map((o) => [o.fileId, o.output.filename, o.bytes, 'slide', o.output.index]));
    assert.deepEqual(succeeded.credits, { quoted: 10, reserved: 10, charged: 6, refunded: 4 });

    // A terminal job changes no more, whoever asks.
    assert.equal(await step(created.id, () => lifecycle.claim(env, created.id)), null);
    assert.equal(await step(created.id, () => lifecycle.fail(env, created.id, { code: 'x', message: 'x' })), false);
    assert.equal(await step(created.id, () => lifecycle.acknowledgeCancel(env, created.id)), false);
    assert.equal(await step(created.id, () => lifecycle.requeue(env, created.id)), false);
    assert.equal(await step(created.id, () => lifecycle.requestCancel(env, created.id)), false);
    assert.equal(await step(created.id, () => lifecycle.cancelQueued(env, created.id)), false);
    assert.equal(await step(created.id, () => lifecycle.succeed(env, created.id, { outputs: [] })), false);
    assert.equal((await reservation(created.id)).status, 'captured');
    await assertLedgerBalances(app.db);
  });

  it('when a queued job is canceled, or a running one is asked to stop, then canceled is its one event and every credit comes back', async () => {
    const start = Number(await balance());
    const queued = await newJob(4);
    assert.equal(await step(queued.id, () => lifecycle.claim(env, 'crsl_unknown')), null);
    assert.equal(await step(queued.id, () => lifecycle.requeue(env, queued.id)), false, 'only a processing job is put back');
    assert.equal(await step(queued.id, () => lifecycle.cancelQueued(env, queued.id)), true);
    const canceled = await jobRow(queued.id);
    assert.deepEqual([canceled.status, canceled.credits_refunded, canceled.progress_stage], ['canceled', 8, 'canceled']);
    assert.ok(canceled.cancel_requested_at && canceled.finished_at);

    const running = await newJob(3);
    await step(running.id, () => lifecycle.claim(env, running.id));
    assert.equal(await step(running.id, () => lifecycle.cancelQueued(env, running.id)), false, 'a processing job is not canceled from the API at once');
    assert.equal(await step(running.id, () => lifecycle.requestCancel(env, running.id)), true);
    assert.deepEqual(await step(running.id, () => lifecycle.heartbeat(env, running.id)), { cancelRequested: true });
    assert.equal(await step(running.id, () => lifecycle.succeed(env, running.id, { outputs: [storedOutput(0)] })), false, 'a cancel asked wins over a late success');
    assert.equal(await step(running.id, () => lifecycle.acknowledgeCancel(env, running.id)), true);
    assert.equal((await jobRow(running.id)).credits_refunded, 6);
    assert.deepEqual((await eventsOf(running.id)).map((e) => e.type), ['carousel.queued', 'carousel.processing', 'carousel.canceled']);
    const outputs = await app.db.query(`SELECT 1 FROM job_outputs WHERE job_id = :id`, { replacements: { id: running.id }, type: QueryTypes.SELECT });
    assert.equal(outputs.length, 0);

    assert.equal(Number(await balance()), start);
    assert.deepEqual([(await reservation(queued.id)).status, (await reservation(running.id)).status], ['released', 'released']);
    await assertLedgerBalances(app.db);
  });

  it('when a job fails, then failed is its event, the hold is released and its open items fail with it (an item that failed keeps its own code)', async () => {
    const job = await newJob(2);
    await step(job.id, () => lifecycle.claim(env, job.id));
    await app.db.query(
      `INSERT INTO job_items (job_id, idx, status, error_code, error_message, metadata) VALUES
         (:id, 0, 'succeeded', NULL, NULL, '{}'), (:id, 1, 'failed', 'provider_timeout', 'late', '{}'), (:id, 2, 'processing', NULL, NULL, '{}')`,
      { replacements: { id: job.id } },
    );
    assert.equal(await step(job.id, () => lifecycle.fail(env, job.id, { code: 'render_failed', message: 'The media could not be rendered.' })), true);
    const failed = await jobRow(job.id);
    assert.deepEqual([failed.status, failed.error_code, failed.credits_refunded, failed.credits_charged], ['failed', 'render_failed', 4, 0]);
    const items = await app.db.query<{ status: string; error_code: string | null }>(`SELECT status, error_code FROM job_items WHERE job_id = :id ORDER BY idx`, { replacements: { id: job.id }, type: QueryTypes.SELECT });
    assert.deepEqual(items.map((i) => [i.status, i.error_code]), [['succeeded', null], ['failed', 'provider_timeout'], ['failed', 'render_failed']]);
    const [, , event] = await eventsOf(job.id);
    assert.deepEqual(event.data.object.error, { code: 'render_failed', message: 'The media could not be rendered.' });
  });

  it('when part of a state change fails, then neither the change nor its event is written', async () => {
    const start = Number(await balance());
    // An app whose own rows cannot be written: no job, no event, no hold.
    const broken: JobApp<any, any> = { ...JOB_APPS.carousel, onCreate: async () => Promise.reject(new Error('onCreate failed')) };
    const id = newId(broken.idPrefix);
    await assert.rejects(
      lifecycle.create(env, { app: broken, id, accountId, livemode: true, apiKey: null, request: {}, plan: {}, quote: quoteOf(5), hold: 10, metadata: {}, externalId: null, webhook: null }),
      /onCreate failed/,
    );
    assert.equal(await jobRow(id), null);
    assert.deepEqual(await eventsOf(id), []);
    assert.equal(Number(await balance()), start);

    // A success whose outputs cannot be recorded (a file id already taken): still processing, held, no event.
    const job = await newJob(1);
    await step(job.id, () => lifecycle.claim(env, job.id));
    const taken = storedOutput(0);
    await assert.rejects(lifecycle.succeed(env, job.id, { outputs: [taken, { ...(storedOutput(1)), fileId: taken.fileId }] }));
    assert.equal((await jobRow(job.id)).status, 'processing');
    assert.equal((await reservation(job.id)).status, 'held');
    assert.deepEqual((await eventsOf(job.id)).map((e) => e.type), ['carousel.queued', 'carousel.processing']);
    assert.equal(await step(job.id, () => lifecycle.succeed(env, job.id, { outputs: [storedOutput(2)] })), true);
    assert.equal((await reservation(job.id)).status, 'captured');
    await assertLedgerBalances(app.db);
  });

  it("when an app has its own fields, then its state events carry them (the app's present hook, read in the transaction)", async () => {
    const plan = { from: 'preset', name: 'Sunny', persona: { style: 'casual' }, prompt: null, negative_prompt: null, model: null, width: 1024, height: 1024, seed: 1, file_id: null, preset: 'preset_mascot_sunny' };
    const avatar = await newJob(1, JOB_APPS.avatar, plan);
    await step(avatar.id, () => lifecycle.claim(env, avatar.id));
    const [queued, processing] = await eventsOf(avatar.id);
    assert.equal(queued.type, 'avatar.queued');
    for (const e of [queued, processing]) {
      assert.equal(e.data.object.object, 'avatar');
      assert.equal(e.data.object.name, 'Sunny');
      assert.deepEqual(e.data.object.persona, { style: 'casual' });
      assert.equal(e.data.object.image, null);
    }
  });

  it('when jobs show no sign of life, then the sweep hands them to the queue and touches them, without a state change', async () => {
    const stale = await newJob(1);
    const fresh = await newJob(1);
    const done = await newJob(1);
    await step(done.id, () => lifecycle.cancelQueued(env, done.id));
    await app.db.query(`UPDATE jobs SET updated_at = now() - interval '1 hour' WHERE id IN (:ids)`, { replacements: { ids: [stale.id, done.id] } });
    const handed: string[] = [];
    const n = await step(stale.id, () => lifecycle.sweep(env, 60_000, async (job) => (handed.push(job.id), job.id === stale.id)));
    assert.ok(handed.includes(stale.id));
    assert.ok(!handed.includes(fresh.id) && !handed.includes(done.id), 'only stale jobs that have not ended');
    assert.ok(n >= 1);
    assert.ok(Date.now() - new Date((await jobRow(stale.id)).updated_at).getTime() < 60_000, 'touched');
    assert.equal((await jobRow(stale.id)).status, 'queued');
  });
});
