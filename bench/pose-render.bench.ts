/**
 * Pose conditioning images: renders per second at 1024×1024, uncached (every request is a pose or
 * keypoints not rendered before, so each one draws and encodes) and cached (the same request again).
 * Medians over several rounds. Uncached is measured one request at a time and with a few requests in
 * flight (as a busy API would issue them); the load average is printed, the machine being shared.
 *
 *                                                   targets: uncached ≥ 200/s, cached ≥ 5,000/s
 *
 *   npx tsx bench/pose-render.bench.ts [--rounds 5] [--renders 200] [--cached 20000] [--size 1024]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { conditioningImageCache, POSES, renderConditioningImage, type Keypoints } from '../api/src/domain/poses';
import { fmt, median, verdict } from './support/stats';

const UNCACHED_TARGET = 200;
const CACHED_TARGET = 5_000;

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').trim();

/** Request `n` of a round: a library pose, its keypoints nudged by a hair so no two requests share a cache entry. */
function uncachedInput(round: number, n: number): Keypoints {
  const pose = POSES[n % POSES.length];
  const nudge = (((round * 7919 + n) % 997) + 1) * 1e-5; // keypoints hash at 5 decimals
  return pose.keypoints.map((k) => (k ? [Math.min(1, k[0] + nudge), k[1], k[2]] : null));
}

/** The last timed run's CPU time (this process, all threads: JavaScript and sharp's), in seconds. */
let lastCpuSeconds = 0;

async function timeRenders(count: number, inFlight: number, input: (n: number) => Keypoints | string, size: number): Promise<number> {
  let next = 0;
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const n = next++;
        await renderConditioningImage(input(n), { width: size, height: size, aspect: 'portrait' });
      }
    }),
  );
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(cpu);
  lastCpuSeconds = (used.user + used.system) / 1e6;
  return count / wall;
}

async function main() {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      renders: { type: 'string', default: '200' },
      cached: { type: 'string', default: '20000' },
      size: { type: 'string', default: '1024' },
    },
  });
  const rounds = Number(values.rounds);
  const renders = Number(values.renders);
  const cachedCalls = Number(values.cached);
  const size = Number(values.size);

  console.log(`pose conditioning image ${size}×${size}, ${POSES.length} library poses, ${rounds} rounds`);
  console.log(`load average before: ${loadavg()}`);
  // Warm up: sharp's first encode and the JIT.
  await timeRenders(20, 1, (n) => uncachedInput(-1, n), size);

  const seq: number[] = [];
  const par: number[] = [];
  const cached: number[] = [];
  const cpuPerRender: number[] = [];
  for (let r = 0; r < rounds; r++) {
    conditioningImageCache.clear();
    seq.push(await timeRenders(renders, 1, (n) => uncachedInput(2 * r, n), size));
    cpuPerRender.push(lastCpuSeconds / renders);
    conditioningImageCache.clear();
    const missesBefore = conditioningImageCache.misses;
    par.push(await timeRenders(renders, 4, (n) => uncachedInput(2 * r + 1, n), size));
    if (conditioningImageCache.misses - missesBefore !== renders) throw new Error('an "uncached" render hit the cache');
    const id = POSES[r % POSES.length].id;
    await renderConditioningImage(id, { width: size, height: size });
    const hitsBefore = conditioningImageCache.hits;
    cached.push(await timeRenders(cachedCalls, 1, () => id, size));
    if (conditioningImageCache.hits - hitsBefore !== cachedCalls) throw new Error('a cached render missed the cache');
    console.log(`  round ${r + 1}: uncached ${fmt(seq[r])}/s (1 in flight, ${fmt(cpuPerRender[r] * 1000, 2)} ms CPU each), ${fmt(par[r])}/s (4 in flight); cached ${fmt(cached[r])}/s`);
  }
  const mSeq = median(seq);
  const mPar = median(par);
  const mCached = median(cached);
  console.log('');
  console.log(`uncached, 1 in flight : ${fmt(mSeq)} renders/s  (${fmt(1000 / mSeq, 2)} ms each)  ${fmt(mSeq / UNCACHED_TARGET, 2)}× target ${UNCACHED_TARGET}/s  ${verdict(mSeq >= UNCACHED_TARGET)}`);
  const mCpu = median(cpuPerRender);
  console.log(`uncached, CPU time    : ${fmt(mCpu * 1000, 2)} ms per render = ${fmt(1 / mCpu)} renders per CPU-second  ${fmt(1 / mCpu / UNCACHED_TARGET, 2)}× target (what one idle core would give)`);
  console.log(`uncached, 4 in flight : ${fmt(mPar)} renders/s  ${fmt(mPar / UNCACHED_TARGET, 2)}× target ${UNCACHED_TARGET}/s  ${verdict(mPar >= UNCACHED_TARGET)}`);
  console.log(`cached                : ${fmt(mCached)} renders/s  (${fmt(1e6 / mCached, 1)} µs each)  ${fmt(mCached / CACHED_TARGET, 2)}× target ${fmt(CACHED_TARGET)}/s  ${verdict(mCached >= CACHED_TARGET)}`);
  console.log(`cache: ${conditioningImageCache.size} entries, ${fmt(conditioningImageCache.bytes / 1024)} KiB`);
  console.log(`load average after: ${loadavg()} (${require('node:os').availableParallelism()} CPUs)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
