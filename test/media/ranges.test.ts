import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeRanges } from '../../workers/src/apps/video-mix/ranges';

describe('media toolkit: writing byte ranges', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lumiku-ranges-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('when buffers and ranges are given, then the output is them in order', async () => {
    const src = path.join(dir, 'src.bin');
    await writeFile(src, Buffer.from('0123456789'));
    const dest = path.join(dir, 'out.bin');
    await writeRanges(dest, [Buffer.from('<'), { file: src, start: 2, end: 5 }, { file: src, start: 7, end: 7 }, Buffer.from('>')], new AbortController().signal);
    assert.equal((await readFile(dest)).toString(), '<234>');
  });

  it('when the disk fails while a range is being read, then the call rejects (no unheard stream error stops the process)', async function () {
    const heard: Error[] = [];
    const onUncaught = (err: Error) => heard.push(err);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const src = path.join(dir, 'big.bin');
      await writeFile(src, Buffer.alloc(4 << 20, 1));
      // /dev/full refuses every write with ENOSPC.
      await assert.rejects(writeRanges('/dev/full', [{ file: src, start: 0, end: 4 << 20 }, Buffer.alloc(1 << 20), { file: src, start: 0, end: 4 << 20 }], new AbortController().signal), /ENOSPC/);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(heard, []);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
  });
});
