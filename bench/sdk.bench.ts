/**
 * SDK overhead per call: `new Lumiku()` calls vs the same requests with raw `fetch`, against one
 * local server (its own process), interleaved call by call in one run so both see the same noise.
 * Reports medians (p50) and the median of the per-pair differences; target ≤ 1 ms of overhead.
 * Also checks that `wait()` on a finished job is one request.
 *
 *   npm run bench:sdk            (BENCH_CALLS=3000 by default)
 */
import os from 'node:os';
import { Lumiku } from '../sdk-js/src';
import { fmt, median, startChild, verdict } from './support/stats';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const WARMUP = 300;
const TARGET_MS = 1;

async function main() {
  const server = await startChild('sdk-echo-server.ts', {});
  const base = `http://127.0.0.1:${server.port}`;
  const key = 'lk_test_bench';
  const lumiku = new Lumiku({ apiKey: key, baseUrl: base });
  const headers = { authorization: `Bearer ${key}`, accept: 'application/json' };
  const body = { slides: [{ images: ['file_a'], texts: ['x'] }, { images: ['file_b'] }], sets: 1 };

  const cases: { name: string; raw: () => Promise<unknown>; sdk: () => Promise<unknown> }[] = [
    {
      name: 'GET /v1/account',
      raw: async () => (await fetch(`${base}/v1/account`, { headers })).json(),
      sdk: () => lumiku.account.retrieve(),
    },
    {
      name: 'POST /v1/carousels',
      raw: async () =>
        (await fetch(`${base}/v1/carousels`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) })).json(),
      sdk: () => lumiku.carousels.create(body as never),
    },
  ];

  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`SDK overhead vs raw fetch, ${CALLS} calls each (after ${WARMUP} warm-up), ${os.cpus().length} CPUs, load average ${load}`);
  let ok = true;
  for (const c of cases) {
    for (let i = 0; i < WARMUP; i++) {
      await c.raw();
      await c.sdk();
    }
    const raw: number[] = [];
    const sdk: number[] = [];
    const diff: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      // Alternate which goes first, so neither always gets the warmer connection.
      const order = i % 2 ? [c.raw, c.sdk] : [c.sdk, c.raw];
      const times: number[] = [];
      for (const f of order) {
        const t = performance.now();
        await f();
        times.push(performance.now() - t);
      }
      const [r, s] = i % 2 ? times : [times[1], times[0]];
      raw.push(r);
      sdk.push(s);
      diff.push(s - r);
    }
    const overhead = median(sdk) - median(raw);
    const pass = overhead <= TARGET_MS && median(diff) <= TARGET_MS;
    ok &&= pass;
    console.log(`  ${c.name.padEnd(20)} raw p50 ${fmt(median(raw) * 1000)} µs   SDK p50 ${fmt(median(sdk) * 1000)} µs   overhead p50 ${fmt(overhead * 1000)} µs (paired median ${fmt(median(diff) * 1000)} µs)   target ≤ ${TARGET_MS} ms: ${verdict(pass)}`);
  }

  await fetch(`${base}/reset`);
  const done = await lumiku.carousels.wait('crsl_bench');
  const counts = (await (await fetch(`${base}/count`)).json()) as Record<string, number>;
  const requests = counts['/v1/carousels/crsl_bench'] ?? 0;
  const onePass = done.status === 'succeeded' && requests === 1;
  ok &&= onePass;
  console.log(`  wait() on a finished job: ${requests} request(s): ${verdict(onePass)}`);
  console.log(`  load average after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  await server.stop();
  process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
