import { Command, InvalidArgumentError } from 'commander';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../config';
import { createAccount, findAccount } from '../domain/accounts/accounts';
import { createApiKey, SCOPES, type QuotaPeriod, type Scope } from '../domain/accounts/api-keys';
import { auditLedger, grantCredits } from '../domain/credits/ledger';
import { createDatabase } from '../domain/db/connect';
import { purgeExpiredKeys } from '../domain/idempotency/idempotency';
import { migrate } from '../../../migrations/migrator';
import { replayEvents } from '../domain/webhooks/replay';
import { billingCommand } from './billing';
import { listen } from './listen';

/**
 * Operator commands (`npx lumiku …`). They talk to PostgreSQL directly, never through the API;
 * except `listen`, a developer's command, which is an API client like any other (an API key).
 */

function int(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

async function withDb<T>(fn: (db: Sequelize) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set (`npm start` prints the URL of its embedded database).');
  const db = createDatabase({ databaseUrl: config.databaseUrl, poolMax: 2, statementTimeoutMs: config.databaseStatementTimeoutMs });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

const out = (value: unknown) => console.log(JSON.stringify(value, null, 2));

export function buildCli(): Command {
  const program = new Command('lumiku').description('Lumiku API operator tools').showHelpAfterError();

  program
    .command('migrate')
    .description('apply every pending migration (or --down: revert them all)')
    .option('--down', 'revert all migrations')
    .action((opts) => withDb(async (db) => out({ applied: await migrate(db, opts.down ? 'down' : 'up', console) })));

  const account = program.command('account').description('accounts');
  account
    .command('create')
    .requiredOption('--name <name>', 'display name')
    .option('--email <email>')
    .option('--plan <plan>', 'plan name', 'free')
    .action((opts) => withDb(async (db) => out(await createAccount(db, { name: opts.name, email: opts.email, plan: opts.plan }))));

  program
    .command('grant')
    .description('add credits to an account (a ledger row; --type adjust may be negative)')
    .argument('<account>', 'account id (acct_…)')
    .argument('<amount>', 'credits', int)
    .option('--type <type>', 'grant | purchase | refund | adjust', 'grant')
    .option('--description <text>')
    .action((accountId: string, amount: number, opts) =>
      withDb(async (db) => {
        if (!['grant', 'purchase', 'refund', 'adjust'].includes(opts.type)) throw new InvalidArgumentError(`unknown type ${opts.type}`);
        out(await grantCredits(db, { accountId, amount, type: opts.type, description: opts.description ?? 'operator grant' }));
      }),
    );

  const key = program.command('key').description('API keys');
  key
    .command('create')
    .argument('<account>', 'account id (acct_…)')
    .option('--name <name>', 'label', 'operator key')
    .option('--test', 'a test-mode key (lk_test_…); the default is live')
    .option('--scopes <list>', `comma-separated, from ${SCOPES.join(', ')}`)
    .option('--credit-limit <n>', 'credit quota', int)
    .option('--period <period>', 'day | month | total', 'total')
    .action((accountId: string, opts) =>
      withDb(async (db) => {
        if (!(await findAccount(db, accountId))) throw new Error(`No account ${accountId}.`);
        const scopes = opts.scopes ? (String(opts.scopes).split(',').map((s) => s.trim()) as Scope[]) : undefined;
        const bad = scopes?.filter((s) => !SCOPES.includes(s));
        if (bad?.length) throw new InvalidArgumentError(`unknown scopes ${bad.join(', ')}`);
        const { key: row, secret } = await createApiKey(db, { accountId, name: opts.name, livemode: !opts.test, scopes, creditLimit: opts.creditLimit ?? null, creditLimitPeriod: opts.period as QuotaPeriod });
        out({ id: row.id, livemode: row.livemode, scopes: row.scopes, secret });
      }),
    );

  program
    .command('audit')
    .description('check that every balance equals the sum of its ledger; exits 1 and prints any difference')
    .action(() =>
      withDb(async (db) => {
        const { accounts, mismatches } = await auditLedger(db);
        out({ accounts, mismatches });
        if (mismatches.length) process.exitCode = 1;
      }),
    );

  program
    .command('replay-events')
    .description("send an account's events again to its webhook endpoints (and jobs' webhook_url), one attempt each")
    .argument('<accountId>')
    .requiredOption('--since <time>', 'ISO 8601 time: events created at or after it')
    .option('--until <time>', 'ISO 8601 time: events created before it')
    .option('--type <type>', 'only this event type (or a prefix such as video_mix.*)')
    .option('--test', 'test-mode events instead of live ones')
    .action((accountId: string, opts) =>
      withDb(async (db) => {
        const since = new Date(opts.since);
        const until = opts.until ? new Date(opts.until) : new Date();
        if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) throw new InvalidArgumentError('--since and --until take ISO 8601 times');
        out(await replayEvents(db, loadConfig(), { accountId, livemode: !opts.test, since, until, type: opts.type }));
      }),
    );

  program.addCommand(billingCommand(withDb, out));

  program
    .command('purge-idempotency-keys')
    .description('delete stored Idempotency-Key results past their TTL')
    .action(() => withDb(async (db) => out({ deleted: await purgeExpiredKeys(db) })));

  program
    .command('listen')
    .description("forward your account's events, signed with a local secret, to a webhook receiver on this machine (no tunnel or allowlist needed)")
    .requiredOption('--forward-to <url>', 'where to POST each event, e.g. http://localhost:3000/hooks')
    .option('--events <types>', 'only these event types, comma-separated; * is a wildcard (video_mix.*, *.failed)')
    .option('--api-key <key>', 'the API key (a key with the read scope)', process.env.LUMIKU_API_KEY)
    .option('--base-url <url>', 'the API', process.env.LUMIKU_BASE_URL ?? 'http://localhost:8080')
    .option('--secret <whsec>', 'sign with this secret instead of a new one, to keep it across runs')
    .option('--after <event id>', 'first forward every event after this one (to resume)')
    .action(async (opts) => {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        await listen({ forwardTo: opts.forwardTo, apiKey: opts.apiKey ?? '', baseUrl: opts.baseUrl, events: opts.events, secret: opts.secret, after: opts.after, signal: stop.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  return program;
}

if (require.main === module) {
  buildCli()
    .parseAsync(process.argv)
    .catch((err) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    });
}
