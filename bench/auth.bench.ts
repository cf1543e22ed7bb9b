/**
 * Sign-in and session authentication, over HTTP against the real API in its own process (fresh
 * PostgreSQL database, real Redis), two parts:
 *
 * 1. Sign-in: `--logins` sequential `POST /auth/login`, each by its own person (a first sign-in
 *    from this user agent: the session row and a `session.new_device` audit entry are written),
 *    with the production argon2 parameters (read from api/src/domain/people/passwords.ts and
 *    printed). Interleaved with each, the baseline: the same argon2 verification alone, in this
 *    process. Target: sign-in p50 ≤ 150 ms.
 * 2. `GET /v1/account` with the session cookie (+ `Lumiku-Organization`, `Lumiku-Mode: test`)
 *    against the same call with a test API key of the same organization: autocannon, interleaved
 *    rounds (the order alternates), medians of req/s and of p50 latency. Target: the session within
 *    10% of the key (req/s ratio ≥ 0.90, p50 latency ratio ≤ 1.10). Each round also reports the CPU
 *    one request cost the API process and the PostgreSQL backends of its database (from /proc), which
 *    a busy machine does not change as it does req/s.
 *
 * Every request comes from 127.0.0.1, so the per-address /auth limit (AUTH_MAX_ATTEMPTS_PER_IP,
 * 100 per 15 minutes by default) is raised for the API under test, and QUEUE_PREFIX is this run's
 * own so no earlier run's counters count. The per-email limit counts only failures (none here).
 * The load average is printed before and after.
 *
 *   npx tsx bench/auth.bench.ts [--logins 50] [--rounds 5] [--seconds 5] [--connections 10]
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey } from '../api/src/domain/accounts/api-keys';
import { createDatabase } from '../api/src/domain/db/connect';
import { addMembership } from '../api/src/domain/people/memberships';
import { ARGON2_PARAMS, hashPassword, verifyPassword } from '../api/src/domain/people/passwords';
import { insertUser } from '../api/src/domain/people/users';
import { SESSION_COOKIE, ORGANIZATION_HEADER, MODE_HEADER } from '../api/src/http/session-cookie';
import { resolveTestServices } from '../test/support/services';
import { cpuTimeMs, fmt, median, startChild, verdict } from './support/stats';

const PASSWORD = 'bench passphrase, not a common one';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ARGON2_NAMES = ['argon2d', 'argon2i', 'argon2id'];

async function signIn(port: number, email: string): Promise<{ ms: number; token: string; body: { organizations: { id: string }[] } }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  const body = (await res.json()) as { organizations: { id: string }[] };
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`sign-in of ${email}: ${res.status} ${JSON.stringify(body)}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('sign-in set no session cookie');
  return { ms, token: cookie.slice(SESSION_COOKIE.length + 1).split(';')[0], body };
}

interface Measure {
  rps: number;
  p50: number;
  /** CPU per request, µs: the API process, and the PostgreSQL backends of its database (null when they are not on this machine). */
  apiCpu: number;
  pgCpu: number | null;
}

/** CPU time used so far by the PostgreSQL backends serving the API's database (other than `admin`'s own). */
async function pgCpuMs(admin: pg.Client): Promise<Map<number, number | null>> {
  const { rows } = await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  return new Map(rows.map((r) => [r.pid, cpuTimeMs(r.pid)]));
}

/**
 * req/s and the median latency, exact (autocannon's own histogram rounds to whole milliseconds),
 * and the CPU each request cost the API process and PostgreSQL: a busy machine slows both
 * variants, but it does not change what a request costs.
 */
async function measure(url: string, headers: Record<string, string>, seconds: number, connections: number, apiPid: number, admin: pg.Client): Promise<Measure> {
  const times: number[] = [];
  const api0 = cpuTimeMs(apiPid)!;
  const pg0 = await pgCpuMs(admin);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ url, headers, duration: seconds, connections, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res)));
    run.on('response', (_client, status, _bytes, ms) => void (status < 300 && times.push(ms)));
  });
  const api1 = cpuTimeMs(apiPid)!;
  const pg1 = await pgCpuMs(admin);
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  let pgMs: number | null = 0;
  for (const [pid, after] of pg1) {
    const before = pg0.has(pid) ? pg0.get(pid)! : 0; // a backend started during the round: all of its time
    if (after === null || before === null) pgMs = null;
    else if (pgMs !== null) pgMs += after - before;
  }
  const n = result.requests.total;
  return { rps: result.requests.average, p50: median(times), apiCpu: ((api1 - api0) * 1000) / n, pgCpu: pgMs === null ? null : (pgMs * 1000) / n };
}

async function main() {
  const { values } = parseArgs({
    options: { logins: { type: 'string', default: '50' }, rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } },
  });
  const logins = Number(values.logins);
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  const connections = Number(values.connections);
  console.log(`auth bench: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average before: ${load()}`);

  const svc = await resolveTestServices();
  try {
    // One hash with today's parameters, shared by every person (verifying it costs what any of theirs would).
    const passwordHash = await hashPassword(PASSWORD);
    const phc = /^\$[^$]+\$v=\d+\$[^$]+\$/.exec(passwordHash)![0];
    console.log(`argon2 (production parameters, ARGON2_PARAMS): ${ARGON2_NAMES[ARGON2_PARAMS.algorithm]}, memoryCost ${ARGON2_PARAMS.memoryCost} KiB, timeCost ${ARGON2_PARAMS.timeCost}, parallelism ${ARGON2_PARAMS.parallelism}; hashes begin ${phc}`);

    const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    const emails: string[] = [];
    let accountId = '';
    let keySecret = '';
    try {
      for (let i = 0; i <= logins; i++) {
        const email = `person${i}@bench.example`;
        const user = await insertUser(db, { email, name: `Person ${i}`, passwordHash, verified: true });
        const account = await createAccount(db, { name: `Organization ${i}`, email });
        await addMembership(db, { accountId: account.id, userId: user.id, role: 'owner' });
        emails.push(email);
        if (i === logins) {
          accountId = account.id;
          keySecret = (await createApiKey(db, { accountId: account.id, name: 'bench', livemode: false })).secret;
        }
      }
    } finally {
      await db.close();
    }

    const env = {
      DATABASE_URL: svc.databaseUrl,
      REDIS_URL: svc.redisUrl,
      QUEUE_PREFIX: `bench-auth-${crypto.randomBytes(4).toString('hex')}`,
      AUTH_MAX_ATTEMPTS_PER_IP: '1000000',
      RATE_LIMIT_PER_WINDOW: '100000000',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SIGNING_SECRET: 'bench-signing-secret-0123456789',
    };
    console.log(`API under test: NODE_ENV=production, AUTH_MAX_ATTEMPTS_PER_IP=${env.AUTH_MAX_ATTEMPTS_PER_IP} (all sign-ins come from 127.0.0.1), RATE_LIMIT_PER_WINDOW=${env.RATE_LIMIT_PER_WINDOW}, QUEUE_PREFIX=${env.QUEUE_PREFIX}`);
    const api = await startChild('api-server.ts', env);
    const signins: number[] = [];
    const verifies: number[] = [];
    const byKey: Measure[] = [];
    const bySession: Measure[] = [];
    const admin = new pg.Client({ connectionString: svc.databaseUrl });
    await admin.connect();
    try {
      // ── 1. Sign-in ──
      await verifyPassword(passwordHash, PASSWORD); // warm-up (this process)
      for (let i = 0; i < logins; i++) {
        signins.push((await signIn(api.port, emails[i])).ms);
        const started = performance.now();
        if (!(await verifyPassword(passwordHash, PASSWORD))) throw new Error('the baseline verification failed');
        verifies.push(performance.now() - started);
      }

      // ── 2. GET /v1/account: session against API key ──
      const session = await signIn(api.port, emails[logins]);
      if (!session.body.organizations.some((o) => o.id === accountId)) throw new Error('the signed-in person is not a member of the benchmarked organization');
      const url = `http://127.0.0.1:${api.port}/v1/account`;
      const keyHeaders = { authorization: `Bearer ${keySecret}` };
      const sessionHeaders = { cookie: `${SESSION_COOKIE}=${session.token}`, [ORGANIZATION_HEADER]: accountId, [MODE_HEADER]: 'test' };
      const run = (headers: Record<string, string>, s: number) => measure(url, headers, s, connections, api.child.pid!, admin);
      await run(keyHeaders, 2); // warm-up (the pool opens its connections)
      await run(sessionHeaders, 2);
      const show = (m: Measure) => `${fmt(m.rps)} req/s p50 ${fmt(m.p50, 2)} ms (CPU/request: API ${fmt(m.apiCpu)} µs, PostgreSQL ${m.pgCpu === null ? '?' : fmt(m.pgCpu)} µs)`;
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          byKey.push(await run(keyHeaders, seconds));
          bySession.push(await run(sessionHeaders, seconds));
        } else {
          bySession.push(await run(sessionHeaders, seconds));
          byKey.push(await run(keyHeaders, seconds));
        }
        console.log(`round ${r + 1}: API key ${show(byKey[r])}; session ${show(bySession[r])}`);
      }
    } finally {
      await Promise.all([api.stop(), admin.end()]);
    }

    const signinP50 = median(signins);
    const verifyP50 = median(verifies);
    console.log(`\n1. sign-in (POST /auth/login over HTTP, ${logins} people one after another):`);
    console.log(`   p50 ${fmt(signinP50, 1)} ms, p95 ${fmt(percentile(signins, 95), 1)} ms, max ${fmt(Math.max(...signins), 1)} ms (target p50 ≤ 150 ms): ${verdict(signinP50 <= 150)}`);
    console.log(`   baseline, argon2 verification alone (same hash, this process): p50 ${fmt(verifyP50, 1)} ms, p95 ${fmt(percentile(verifies, 95), 1)} ms`);
    console.log(`   ratio sign-in / verification: ${fmt(signinP50 / verifyP50, 2)} (everything else in a sign-in: ${fmt(signinP50 - verifyP50, 1)} ms)`);

    const keyRps = median(byKey.map((m) => m.rps));
    const sessionRps = median(bySession.map((m) => m.rps));
    const keyP50 = median(byKey.map((m) => m.p50));
    const sessionP50 = median(bySession.map((m) => m.p50));
    const ratio = sessionRps / keyRps;
    const latencyRatio = sessionP50 / keyP50;
    console.log(`\n2. GET /v1/account, ${connections} connections, ${rounds} interleaved rounds of ${seconds} s each (medians):`);
    const cpu = (ms: Measure[]) => {
      const api = median(ms.map((m) => m.apiCpu));
      const pgs = ms.map((m) => m.pgCpu).filter((c): c is number => c !== null);
      return { api, pg: pgs.length === ms.length ? median(pgs) : null };
    };
    const [keyCpu, sessionCpu] = [cpu(byKey), cpu(bySession)];
    const showCpu = (c: { api: number; pg: number | null }) => `CPU/request: API ${fmt(c.api)} µs + PostgreSQL ${c.pg === null ? '?' : `${fmt(c.pg)} µs = ${fmt(c.api + c.pg)} µs`}`;
    console.log(`   API key (baseline): ${fmt(keyRps)} req/s, p50 ${fmt(keyP50, 2)} ms; ${showCpu(keyCpu)}`);
    console.log(`   session cookie:     ${fmt(sessionRps)} req/s, p50 ${fmt(sessionP50, 2)} ms; ${showCpu(sessionCpu)}`);
    console.log(`   ratio session / key: req/s ${fmt(ratio, 3)} (target ≥ 0.900): ${verdict(ratio >= 0.9)}; p50 latency ${fmt(latencyRatio, 3)} (target ≤ 1.100): ${verdict(latencyRatio <= 1.1)}`);
    if (keyCpu.pg !== null && sessionCpu.pg !== null)
      console.log(`   CPU per request, session / key: ${fmt((sessionCpu.api + sessionCpu.pg) / (keyCpu.api + keyCpu.pg), 3)} (API ${fmt(sessionCpu.api / keyCpu.api, 3)}, PostgreSQL ${fmt(sessionCpu.pg / keyCpu.pg, 3)})`);
    console.log(`\nload average after: ${load()}  (${os.cpus().length} CPUs)`);
  } finally {
    await svc.cleanup();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
