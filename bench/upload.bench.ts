/**
 * POST /v1/files: a multipart upload of a 1 GB WAV over loopback, through the real API (auth,
 * rate limiter, idempotency middleware, busboy, size cap + SHA-256 on the way, sniffing, ffprobe,
 * handoff to local storage, the row insert). Measured per round:
 *   - throughput, MB/s (MB = 2^20 bytes), from the first byte sent to the last byte of the answer;
 *   - the API process's peak RSS growth during the upload (see `measureUpload` for what is reported).
 * Targets: ≥ 200 MB/s and peak RSS growth < 64 MB.
 *
 * Baseline, in the same run and alternating with the API rounds: a bare Node `http` server in its
 * own process streaming the same WAV, sent as the raw body (no multipart), into a file on the same
 * disk with `pipeline(req, fs.createWriteStream(…))`: the loopback + disk ceiling. Throughput is
 * the median over the rounds; the RSS verdict uses the worst round.
 *
 * Every round starts a fresh server process (API and baseline alike), so one round's heap growth
 * or fragmentation cannot hide or inflate the next one's, and `sync`s after removing the uploaded
 * file, so no round starts with another's writeback pending.
 *
 *   npx tsx bench/upload.bench.ts [--rounds 3] [--mb 1024]
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createAccount } from '../api/src/domain/accounts/accounts';
import { createApiKey } from '../api/src/domain/accounts/api-keys';
import { createDatabase } from '../api/src/domain/db/connect';
import { resolveTestServices } from '../test/support/services';
import { fmt, median, memoryOf, startChild, verdict } from './support/stats';

const MiB = 1024 * 1024;
const TARGET_MB_S = 200;
const TARGET_RSS_MB = 64;
/** A small upload on each fresh process before the measured one: first-request setup is not per-upload memory. */
const WARMUP_MB = 8;

// PCM: 48 kHz, 16-bit, stereo. One 1 MiB chunk holds exactly 2,048 periods of a 375 Hz tone
// (128 frames each), so repeating the chunk gives a seamless signal.
const SAMPLE_RATE = 48_000;
const CHANNELS = 2;
const BLOCK_ALIGN = CHANNELS * 2;
const BYTE_RATE = SAMPLE_RATE * BLOCK_ALIGN;
const WAV_HEADER_BYTES = 44;
const PCM_CHUNK = (() => {
  const buf = Buffer.alloc(MiB);
  for (let frame = 0; frame < MiB / BLOCK_ALIGN; frame++) {
    const sample = Math.round(Math.sin((2 * Math.PI * frame) / 128) * 8000);
    buf.writeInt16LE(sample, frame * BLOCK_ALIGN);
    buf.writeInt16LE(sample, frame * BLOCK_ALIGN + 2);
  }
  return buf;
})();

function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(WAV_HEADER_BYTES);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16); // fmt chunk size
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(CHANNELS, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(BYTE_RATE, 28);
  h.writeUInt16LE(BLOCK_ALIGN, 32);
  h.writeUInt16LE(16, 34); // bits per sample
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** A WAV of exactly `totalBytes` (header included), generated chunk by chunk; never held whole. */
function* wavChunks(totalBytes: number): Generator<Buffer> {
  const dataBytes = totalBytes - WAV_HEADER_BYTES;
  yield wavHeader(dataBytes);
  for (let left = dataBytes; left > 0; left -= PCM_CHUNK.length) yield left >= PCM_CHUNK.length ? PCM_CHUNK : PCM_CHUNK.subarray(0, left);
}

const wavDurationSeconds = (totalBytes: number) => (totalBytes - WAV_HEADER_BYTES) / BYTE_RATE;

function wavSha256(totalBytes: number): string {
  const hash = crypto.createHash('sha256');
  for (const chunk of wavChunks(totalBytes)) hash.update(chunk);
  return hash.digest('hex');
}

/** multipart/form-data with one `file` part around the WAV stream, and its exact length. */
function multipartBody(totalBytes: number) {
  const boundary = `----lumiku-bench-${crypto.randomBytes(12).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.wav"\r\nContent-Type: audio/wav\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  function* chunks(): Generator<Buffer> {
    yield head;
    yield* wavChunks(totalBytes);
    yield tail;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, length: head.length + totalBytes + tail.length, chunks };
}

interface Reply {
  status: number;
  body: any;
  seconds: number;
}

/** Streams `chunks` as the request body (with Content-Length); resolves with the parsed answer. */
function send(port: number, opts: { method: string; path: string; headers: Record<string, string>; chunks?: () => Iterable<Buffer>; length?: number }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const headers = { ...opts.headers, 'content-length': String(opts.length ?? 0) };
    const req = http.request({ host: '127.0.0.1', port, method: opts.method, path: opts.path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const seconds = (performance.now() - started) / 1000;
        const text = Buffer.concat(parts).toString('utf8');
        let body: any = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text for the error message
        }
        resolve({ status: res.statusCode ?? 0, body, seconds });
      });
    });
    req.on('error', reject);
    if (!opts.chunks) return void req.end();
    // A server that answers early (413, 401…) may close the connection mid-body: the answer, if it
    // comes, is what matters, so a failed write alone does not reject.
    pipeline(Readable.from(opts.chunks(), { objectMode: false }), req).catch(() => {});
  });
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
/** User + system CPU seconds a process has used so far (its threads included, its children not). */
async function cpuSecondsOf(pid: number): Promise<number> {
  const stat = await fsp.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
}

/**
 * Sets the process's VmHWM back to its current VmRSS (`echo 5 > /proc/<pid>/clear_refs`, Linux
 * ≥ 4.0; allowed for the process's owner). Returns false where that is not possible.
 */
async function resetPeak(pid: number): Promise<boolean> {
  try {
    await fsp.writeFile(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

interface Measured {
  mbPerSec: number;
  /** Peak RSS growth during the upload, bytes. */
  growth: number;
  /** True when the peak was reset before the upload, so `growth` is exact rather than an upper bound. */
  exact: boolean;
  /** Highest VmRSS seen by polling every 20 ms (a lower bound of the true peak), minus the RSS before. */
  sampledGrowth: number;
  cpuSeconds: number;
  reply: Reply;
}

/**
 * One measured upload against the server process `pid`.
 *
 * Which memory number is reported, and why it is honest. VmHWM is the high-water mark of the
 * process's whole life, and a fresh Node process peaks while it starts (loading and compiling
 * modules), often above the RSS it then settles at. Hence:
 *   - `hwmAfter − hwmBefore` under-counts: when the upload's peak passes the startup peak it drops
 *     the stretch between `rssBefore` and `hwmBefore`; when it does not, it shows 0 whatever the
 *     upload cost;
 *   - `max(0, hwmAfter − max(rssBefore, hwmBefore))` is the same lower bound;
 *   - `hwmAfter − rssBefore` with an untouched mark is an upper bound (it may be the startup peak).
 * So the mark is RESET to the current RSS right before the upload (`resetPeak`); `hwmBefore` is
 * then `rssBefore`, and `hwmAfter − rssBefore` is exactly how far above its resting size the process
 * went while receiving, hashing, sniffing, probing and storing the upload. The kernel raises the
 * mark before anything unmaps memory, so spikes shorter than our 20 ms polls are counted too (the
 * polled maximum is printed next to it as a cross-check). Where the reset is refused the upper
 * bound is reported and the summary says so; never a lower bound. The warm-up upload before this
 * one keeps one-time setup (first DB query, lazy module state) out of the number, and the fresh
 * process per round keeps earlier rounds' heap out of it. File pages written by the upload live in
 * the page cache, which RSS does not include: the number is the process's own memory.
 */
async function measureUpload(pid: number, bytes: number, upload: () => Promise<Reply>): Promise<Measured> {
  const exact = await resetPeak(pid);
  const before = await memoryOf(pid);
  const cpuBefore = await cpuSecondsOf(pid);
  let sampledPeak = before.rss;
  let sampling = Promise.resolve();
  const poll = setInterval(() => {
    sampling = sampling.then(async () => {
      const m = await memoryOf(pid).catch(() => null);
      if (m) sampledPeak = Math.max(sampledPeak, m.rss);
    });
  }, 20);
  let reply: Reply;
  try {
    reply = await upload();
  } finally {
    clearInterval(poll);
    await sampling;
  }
  const after = await memoryOf(pid);
  const cpuSeconds = (await cpuSecondsOf(pid)) - cpuBefore;
  sampledPeak = Math.max(sampledPeak, after.rss);
  return {
    mbPerSec: bytes / MiB / reply.seconds,
    growth: Math.max(0, after.hwm - before.rss),
    exact,
    sampledGrowth: Math.max(0, sampledPeak - before.rss),
    cpuSeconds,
    reply,
  };
}

/** Every regular file under `dir`, recursively ([] if it does not exist). */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

function syncDisks() {
  try {
    execFileSync('sync');
  } catch {
    // best effort
  }
}

async function main() {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, mb: { type: 'string', default: '1024' } } });
  const rounds = Number(values.rounds);
  const mb = Number(values.mb);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  if (!Number.isInteger(mb) || mb < 1 || mb > 4095) throw new Error('--mb must be an integer from 1 to 4095 (a WAV cannot reach 4 GiB)');
  const size = mb * MiB;
  const expectedSha = wavSha256(size);
  const expectedDuration = wavDurationSeconds(size);

  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-upload-bench-'));
  const svc = await resolveTestServices();
  try {
    const db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 2, statementTimeoutMs: 10_000 });
    const account = await createAccount(db, { name: 'bench' });
    const { secret } = await createApiKey(db, { accountId: account.id, name: 'bench', livemode: true, scopes: ['read', 'files:write'] });
    await db.close();
    const auth = { authorization: `Bearer ${secret}` };

    const apiEnv = (dataDir: string) => ({
      DATABASE_URL: svc.databaseUrl,
      REDIS_URL: svc.redisUrl,
      LUMIKU_DATA_DIR: dataDir,
      FILE_MAX_BYTES: String(Math.max(2 * 1024 * MiB, size + MiB)),
      RATE_LIMIT_PER_WINDOW: '100000000',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
      SIGNING_SECRET: 'bench-signing-secret-0123456789',
    });

    /** Uploads a WAV of `bytes` to the API (measured if `pid` is given), checks the answer, deletes the file again. */
    const apiUpload = async (port: number, bytes: number, sha: string | null, pid?: number) => {
      const body = multipartBody(bytes);
      const post = () => send(port, { method: 'POST', path: '/v1/files', headers: { ...auth, 'content-type': body.contentType }, chunks: body.chunks, length: body.length });
      const measured = pid ? await measureUpload(pid, bytes, post) : null;
      const reply = measured?.reply ?? (await post());
      const file = reply.body;
      if (reply.status !== 201 || file?.kind !== 'audio' || file?.bytes !== bytes || file?.content_type !== 'audio/wav')
        throw new Error(`POST /v1/files: expected 201 audio/wav of ${bytes} bytes, got ${reply.status} ${JSON.stringify(file).slice(0, 500)}`);
      if (sha && file.sha256 !== sha) throw new Error(`POST /v1/files: sha256 ${file.sha256}, expected ${sha}`);
      if (Math.abs((file.metadata?.duration_seconds ?? 0) - wavDurationSeconds(bytes)) > 0.01)
        throw new Error(`POST /v1/files: probed duration ${file.metadata?.duration_seconds} s, expected ${fmt(wavDurationSeconds(bytes), 3)} s`);
      const del = await send(port, { method: 'DELETE', path: `/v1/files/${file.id}`, headers: auth });
      if (del.status !== 200) throw new Error(`DELETE /v1/files/${file.id}: ${del.status} ${JSON.stringify(del.body)}`);
      return measured;
    };

    /** Streams a raw WAV of `bytes` to the baseline server (measured if `pid` is given), checks the answer, removes the file. */
    const baselineUpload = async (port: number, bytes: number, pid?: number) => {
      const post = () => send(port, { method: 'POST', path: '/', headers: { 'content-type': 'audio/wav' }, chunks: () => wavChunks(bytes), length: bytes });
      const measured = pid ? await measureUpload(pid, bytes, post) : null;
      const reply = measured?.reply ?? (await post());
      if (reply.status !== 201 || reply.body?.bytes !== bytes) throw new Error(`baseline: expected 201 with ${bytes} bytes, got ${reply.status} ${JSON.stringify(reply.body)}`);
      await fsp.rm(reply.body.path, { force: true });
      return measured;
    };

    const runBaseline = async (r: number): Promise<Measured> => {
      const dir = path.join(root, `round-${r}-baseline`);
      const server = await startChild('upload-baseline-server.ts', { UPLOAD_DIR: dir });
      try {
        await baselineUpload(server.port, WARMUP_MB * MiB);
        return (await baselineUpload(server.port, size, server.child.pid!))!;
      } finally {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
        syncDisks();
      }
    };

    const runApi = async (r: number): Promise<Measured> => {
      const dir = path.join(root, `round-${r}-api`);
      const api = await startChild('api-server.ts', apiEnv(dir));
      try {
        await apiUpload(api.port, WARMUP_MB * MiB, null);
        const measured = (await apiUpload(api.port, size, expectedSha, api.child.pid!))!;
        const left = filesUnder(dir);
        if (left.length) throw new Error(`the API left files behind after DELETE: ${left.join(', ')}`);
        return measured;
      } finally {
        await api.stop();
        fs.rmSync(dir, { recursive: true, force: true });
        syncDisks();
      }
    };

    const base: Measured[] = [];
    const ours: Measured[] = [];
    const mem = (m: Measured) => `peak RSS +${fmt(m.growth / MiB, 1)} MB${m.exact ? '' : ' (upper bound)'}, sampled +${fmt(m.sampledGrowth / MiB, 1)} MB, CPU ${fmt(m.cpuSeconds, 2)} s`;
    for (let r = 0; r < rounds; r++) {
      base.push(await runBaseline(r));
      ours.push(await runApi(r));
      console.log(`round ${r + 1}: baseline ${fmt(base[r].mbPerSec)} MB/s (${mem(base[r])}) | POST /v1/files ${fmt(ours[r].mbPerSec)} MB/s (${mem(ours[r])})`);
    }

    const baseMBs = median(base.map((m) => m.mbPerSec));
    const oursMBs = median(ours.map((m) => m.mbPerSec));
    const worstGrowth = Math.max(...ours.map((m) => m.growth)) / MiB;
    const medianGrowth = median(ours.map((m) => m.growth)) / MiB;
    const baseGrowth = median(base.map((m) => m.growth)) / MiB;
    const exact = ours.every((m) => m.exact);
    console.log(`\n${fmt(mb)} MB WAV (PCM 48 kHz 16-bit stereo, ${fmt(expectedDuration / 60, 1)} min), loopback, medians of ${rounds} round(s), MB = 2^20 bytes`);
    console.log(`baseline (bare http, raw body → file):    ${fmt(baseMBs)} MB/s, peak RSS growth ${fmt(baseGrowth, 1)} MB`);
    console.log(`POST /v1/files (multipart, sha256, sniff, ffprobe, storage): ${fmt(oursMBs)} MB/s (${fmt((oursMBs / baseMBs) * 100, 1)}% of baseline; target ≥ ${TARGET_MB_S} MB/s: ${verdict(oursMBs >= TARGET_MB_S)}, ${fmt(oursMBs / TARGET_MB_S, 2)}x)`);
    console.log(
      `API peak RSS growth: worst ${fmt(worstGrowth, 1)} MB, median ${fmt(medianGrowth, 1)} MB${exact ? '' : ' (UPPER BOUNDS: the peak could not be reset)'} (target < ${TARGET_RSS_MB} MB: ${verdict(worstGrowth < TARGET_RSS_MB)}, ${fmt(worstGrowth / TARGET_RSS_MB, 2)}x of budget)`,
    );
  } finally {
    await svc.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
