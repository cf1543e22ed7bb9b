import BeeQueue from 'bee-queue';
import { checkStalledJobsEvery, connectQueue, redisSettings } from '../../../api/src/domain/jobs/queue';
import pg from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { Config } from '../../../api/src/config';
import { EVENTS_CHANNEL } from '../../../api/src/domain/events/catalogue';
import type { EventRow } from '../../../api/src/domain/events/outbox';
import { createWebhookBackend, type WebhookBackend } from '../../../api/src/domain/webhooks/backend';
import { fanOut } from '../../../api/src/domain/webhooks/messages';
import { parseDelay } from '../../../api/src/domain/webhooks/schedule';
import { deliverBatch } from './dispatcher';
import { OutcomeRecorder } from './outcome-recorder';

/**
 * A queue entry: one attempt of each of up to BATCH messages (a relay batch, or one retry). Its
 * bee-queue id is derived from its first message and attempt, so enqueueing it twice is harmless;
 * a message is only attempted if it is still at that attempt number anyway.
 */
interface DeliveryJob {
  messages: [messageId: string, attempt: number][];
}

/** Messages per queue entry: one claim statement and one Redis round trip serve this many deliveries. */
const BATCH = 20;

const RELAY_BATCH = 500;
/** Pending messages whose time came this long ago without being taken are enqueued again (lost queue entry, Redis restart). */
const LOST_AFTER_MS = 3_000;

export interface WebhookPool {
  queue: BeeQueue<DeliveryJob>;
  /** Relays now (the pool also does so on every commit and every poll). */
  wake(): void;
  close(timeoutMs?: number): Promise<void>;
}

const jobId = (messages: DeliveryJob['messages']) => `${messages[0][0]}:${messages[0][1]}:${messages.length}`;

/**
 * The `webhooks` pool of a worker process:
 *
 * - the relay: turns committed events (the outbox) into messages and queue entries, in one
 *   transaction that marks the events relayed; if the process dies before the commit, the events
 *   are relayed again (message ids and queue ids are derived, so nothing is sent twice by this).
 *   It wakes on PostgreSQL NOTIFY (sent after the commit of events) and polls as a safety net;
 * - the dispatcher: a bee-queue processor making one attempt per entry and enqueueing the next,
 *   delayed, per the retry schedule; PostgreSQL holds the truth (`webhook_messages`), so entries
 *   lost with Redis are enqueued again by the relay's sweep of due messages.
 *
 * `backend` is the worker's (workers/src/main.ts makes it); without one, the one config chooses.
 */
export async function startWebhookPool(deps: { config: Config; db: Sequelize; logger: Logger; backend?: WebhookBackend }): Promise<WebhookPool> {
  const { config, db, logger } = deps;
  const delays = config.webhookRetrySchedule.map(parseDelay);
  const backend = deps.backend ?? createWebhookBackend(config, db);
  const queue = new BeeQueue<DeliveryJob>('webhooks', {
    prefix: config.queuePrefix,
    redis: redisSettings(config.redisUrl!),
    isWorker: true,
    autoConnect: false,
    activateDelayedJobs: true,
    // Retries may be due within seconds (or less, with a compressed schedule): check often.
    delayedDebounce: 100,
    getEvents: false,
    sendEvents: false,
    removeOnSuccess: true,
    removeOnFailure: true,
    stallInterval: 10_000,
  });
  await connectQueue(queue, (err) => logger.warn({ err: err.message }, 'webhooks queue error'));

  /** Enqueues attempts, BATCH messages per entry; `at` delays them all (a retry). */
  const enqueue = async (messages: DeliveryJob['messages'], at?: Date) => {
    if (!messages.length) return;
    const jobs = [];
    for (let i = 0; i < messages.length; i += BATCH) {
      const chunk = messages.slice(i, i + BATCH);
      const job = queue.createJob({ messages: chunk }).setId(jobId(chunk));
      if (at && at.getTime() > Date.now()) job.delayUntil(at);
      jobs.push(job);
    }
    const errors = await queue.saveAll(jobs);
    if (errors.size) throw [...errors.values()][0];
  };

  const recorder = new OutcomeRecorder(db);
  // Entries in flight at once, each up to BATCH deliveries side by side: a slow receiver holds up
  // only its own entry's completion, never the pool.
  queue.process(config.workerConcurrencyWebhooks, async (job) => {
    const items = job.data.messages.map(([messageId, attempt]) => ({ messageId, attempt }));
    const outcomes = await deliverBatch({ config, db, logger, delays, recorder }, items);
    for (const o of outcomes)
      if (o.kind === 'retry')
        // If this enqueue is lost, the sweep of due messages enqueues it when it is due.
        await enqueue([[o.messageId, o.attempt]], o.at).catch((err) => logger.warn({ err, message_id: o.messageId }, 'could not schedule webhook retry; the sweep will'));
    return outcomes.length;
  });
  const stopStallChecks = checkStalledJobsEvery(
    queue,
    10_000,
    (err) => logger.warn({ err: err.message }, 'webhooks stall check failed'),
    (ids) => logger.warn({ entries: ids }, 'dropped webhook queue entries whose data was gone'),
  );

  /**
   * One batch of committed, unrelayed events → messages, in one transaction that marks them
   * relayed; the messages are enqueued after the commit (a worker must find the row it is given).
   * If this process dies in between, the messages are pending in PostgreSQL and the sweep of due
   * messages enqueues them.
   */
  const relayBatch = async (): Promise<number> => {
    const { count, messages } = await db.transaction(async (t) => {
      const events = await db.query<EventRow>(`SELECT * FROM events WHERE relayed_at IS NULL ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED`, {
        replacements: { n: RELAY_BATCH },
        type: QueryTypes.SELECT,
        transaction: t,
      });
      if (!events.length) return { count: 0, messages: [] };
      const ids = events.map((e) => e.id);
      await backend.sendEvents(events);
      const created = await fanOut(db, ids, t, { endpoints: backend.kind === 'builtin' });
      await db.query(`UPDATE events SET relayed_at = now() WHERE id IN (:ids)`, { replacements: { ids }, transaction: t });
      return { count: events.length, messages: created };
    });
    await enqueue(messages.map((m) => [m.id, m.attempts] as [string, number])).catch((err) => logger.warn({ err }, 'could not enqueue webhook messages; the sweep will'));
    return count;
  };

  /** Pending messages that are due but in no queue (lost entry, Redis restarted, resend, recover). */
  const sweepDue = async (lagMs: number): Promise<number> => {
    const rows = await db.query<{ id: string; attempts: number }>(
      `SELECT id, attempts FROM webhook_messages WHERE status = 'pending' AND next_attempt_at <= now() - make_interval(secs => :lag)
          AND (locked_until IS NULL OR locked_until < now()) ORDER BY next_attempt_at LIMIT 1000`,
      { replacements: { lag: lagMs / 1000 }, type: QueryTypes.SELECT },
    );
    await enqueue(rows.map((r) => [r.id, r.attempts] as [string, number]));
    return rows.length;
  };

  let running: Promise<void> | null = null;
  let again = false;
  let dueNow = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        const lag = dueNow ? 0 : LOST_AFTER_MS;
        dueNow = false;
        try {
          while ((await relayBatch()) === RELAY_BATCH && !stopped);
          await sweepDue(lag);
        } catch (err) {
          logger.warn({ err }, 'webhook relay failed; retrying on the next poll');
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
  };

  // LISTEN on a connection of its own; reconnects after errors (the poll covers the gap).
  let listener: pg.Client | null = null;
  let reconnect: NodeJS.Timeout | undefined;
  const listen = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: config.databaseUrl });
    client.on('notification', (n) => {
      if (n.payload === 'due') dueNow = true;
      run();
    });
    client.on('error', (err) => {
      logger.warn({ err: err.message }, 'webhook relay listener lost; reconnecting');
      void client.end().catch(() => {});
      if (listener === client) listener = null;
      reconnect = setTimeout(() => void listen(), 1000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      listener = client;
      run();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'webhook relay cannot LISTEN; polling only until it can');
      void client.end().catch(() => {});
      reconnect = setTimeout(() => void listen(), 1000);
    }
  };
  await listen();
  const poll = setInterval(run, config.webhookRelayPollMs);

  return {
    queue,
    wake: () => {
      dueNow = true;
      run();
    },
    async close(timeoutMs = 5000) {
      stopped = true;
      stopStallChecks();
      clearInterval(poll);
      clearTimeout(reconnect);
      await listener?.end().catch(() => {});
      await running?.catch(() => {});
      await queue.close(timeoutMs).catch(() => {});
    },
  };
}
