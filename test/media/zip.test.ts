import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JobError } from '../../api/src/domain/jobs/app-contract';
import { writeZip } from '../../workers/src/media/zip';

interface CentralEntry {
  name: string;
  method: number;
  dosDate: number;
  dosTime: number;
  data: Buffer;
}

/** The entries of a ZIP from its central directory, with their stored bytes. */
function readZip(zip: Buffer): CentralEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central header');
    const method = zip.readUInt16LE(at + 10);
    const dosTime = zip.readUInt16LE(at + 12);
    const dosDate = zip.readUInt16LE(at + 14);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({ name, method, dosDate, dosTime, data: zip.subarray(dataAt, dataAt + size) });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

describe('media toolkit: ZIP', function () {
  this.timeout(30_000);
  let dir: string;
  let files: { file: string; name: string; bytes: Buffer }[];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-zip-'));
    // Sizes so the entries' stats finish in a different order than given.
    files = [300_000, 10, 5_000, 0, 70_000].map((size, i) => {
      const bytes = crypto.randomBytes(size);
      const file = path.join(dir, `in-${i}.bin`);
      fs.writeFileSync(file, bytes);
      return { file, name: `set-${String(i + 1).padStart(3, '0')}/slide-01.bin`, bytes };
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('when files are zipped, then the entries are stored in the order given with their bytes, and the size is returned', async () => {
    const dest = path.join(dir, 'out.zip');
    const seen: number[] = [];
    const size = await writeZip(dest, files, { onProgress: (f) => seen.push(f) });
    const zip = fs.readFileSync(dest);
    assert.equal(size, zip.length);
    const entries = readZip(zip);
    assert.deepEqual(
      entries.map((e) => e.name),
      files.map((f) => f.name),
    );
    entries.forEach((e, i) => {
      assert.equal(e.method, 0, 'stored, not deflated');
      assert.ok(e.data.equals(files[i].bytes), `bytes of ${e.name}`);
    });
    assert.equal(seen[seen.length - 1], 1);
  });

  it('when the same files are zipped twice, then the archives are byte-identical (fixed dates and modes)', async () => {
    const a = path.join(dir, 'a.zip');
    const b = path.join(dir, 'b.zip');
    await writeZip(a, files);
    const later = new Date(Date.now() + 5_000);
    for (const f of files) fs.utimesSync(f.file, later, later);
    await writeZip(b, files);
    assert.ok(fs.readFileSync(a).equals(fs.readFileSync(b)));
    const entry = readZip(fs.readFileSync(a))[0];
    // 2024-01-01: DOS date (year-1980)<<9 | month<<5 | day, in local time as archiver writes it.
    assert.equal(entry.dosDate >> 9, new Date('2024-01-01T00:00:00Z').getFullYear() - 1980);
  });

  it('when an entry is missing, then writing fails with render_failed naming the archive, not the server path', async () => {
    await assert.rejects(
      writeZip(path.join(dir, 'out.zip'), [...files, { file: path.join(dir, 'gone.bin'), name: 'gone.bin' }], { label: 'The ZIP of the variants' }),
      (err: unknown) => err instanceof JobError && err.code === 'render_failed' && err.message === 'The ZIP of the variants could not be written.' && !err.message.includes(dir),
    );
  });

  it('when the destination cannot be written, then it fails with render_failed instead of hanging', async () => {
    await assert.rejects(writeZip(path.join(dir, 'no-such-folder', 'out.zip'), files), (err: unknown) => err instanceof JobError && err.code === 'render_failed');
  });

  it('when the job is canceled, before or during the write, then it stops at once with canceled', async () => {
    const before = new AbortController();
    before.abort();
    await assert.rejects(writeZip(path.join(dir, 'x.zip'), files, { signal: before.signal }), (err: unknown) => err instanceof JobError && err.code === 'canceled');
    assert.equal(fs.existsSync(path.join(dir, 'x.zip')), false, 'nothing written');

    const big = path.join(dir, 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 7));
    const during = new AbortController();
    const started = Date.now();
    await assert.rejects(
      writeZip(path.join(dir, 'y.zip'), Array.from({ length: 8 }, (_, i) => ({ file: big, name: `big-${i}.bin` })), {
        signal: during.signal,
        onProgress: () => during.abort(),
      }),
      (err: unknown) => err instanceof JobError && err.code === 'canceled',
    );
    assert.ok(Date.now() - started < 2000, `stopped in ${Date.now() - started} ms`);
  });
});
