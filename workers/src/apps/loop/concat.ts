import fs from 'node:fs/promises';
import path from 'node:path';
import type { FrameRate } from '../../../../api/src/domain/apps/loop/request';

/** ffconcat with each part's exact length, so joined timestamps stay on the frame grid. */
export async function writeList(work: string, entries: Array<{ file: string; frames: number }>, rate: FrameRate, name = 'loop.ffconcat'): Promise<string> {
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) lines.push(`file '${path.basename(e.file)}'`, `duration ${((e.frames * rate.den) / rate.num).toFixed(9)}`);
  const file = path.join(work, name);
  await fs.writeFile(file, `${lines.join('\n')}\n`);
  return file;
}
