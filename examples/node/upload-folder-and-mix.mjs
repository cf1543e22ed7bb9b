// Upload every video in a folder (streamed, with progress), mix them, and download the variants.
//   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] node examples/node/upload-folder-and-mix.mjs ./clips [variants] [out-dir]
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Lumiku } from '@lumiku/sdk';

const [folder, variants = '2', outDir = 'mix-output'] = process.argv.slice(2);
if (!folder) {
  console.error('usage: node upload-folder-and-mix.mjs <folder> [variants] [out-dir]');
  process.exit(2);
}

const lumiku = new Lumiku();
const videos = fs.readdirSync(folder).filter((name) => /\.(mp4|mov|webm|mkv)$/i.test(name)).sort();
if (videos.length < 2) throw new Error(`${folder} needs at least two videos`);

const clips = [];
for (const name of videos) {
  const file = await lumiku.files.upload(path.join(folder, name), {
    onProgress: ({ loaded, total }) => process.stdout.write(`\r${name}: ${total ? Math.round((loaded / total) * 100) : loaded}%`),
  });
  process.stdout.write(`\r${name}: ${file.id} (${file.metadata.duration_seconds} s)\n`);
  clips.push({ file_id: file.id });
}

const body = { clips, variants: Number(variants), order: 'shuffle', resolution: '480p', aspect_ratio: '9:16' };
const quote = await lumiku.videoMixes.quote(body);
console.log(`price: ${quote.total} credits`);

const mix = await lumiku.videoMixes.createAndWait(body, { timeoutMs: 10 * 60_000 });
console.log(mix.id, mix.status);
if (mix.status !== 'succeeded') throw new Error(`${mix.error?.code}: ${mix.error?.message}`);

fs.mkdirSync(outDir, { recursive: true });
for (const output of mix.outputs.filter((o) => o.role === 'variant')) {
  const res = await lumiku.files.content(output.file_id);
  await pipeline(Readable.fromWeb(res.body), fs.createWriteStream(path.join(outDir, output.filename)));
  console.log(`saved ${path.join(outDir, output.filename)} (${output.bytes} bytes)`);
}
