// Create a video mix and follow its progress over server-sent events until it finishes.
//   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] node examples/node/stream-progress.mjs clip-1.mp4 clip-2.mp4 [clip-3.mp4 …]
import { Lumiku } from '@lumiku/sdk';

const paths = process.argv.slice(2);
if (paths.length < 2) {
  console.error('usage: node stream-progress.mjs clip-1.mp4 clip-2.mp4 [more clips]');
  process.exit(2);
}

const lumiku = new Lumiku();
const clips = [];
for (const path of paths) clips.push(await lumiku.files.upload(path));

const mix = await lumiku.videoMixes.create({ clips: clips.map((c) => ({ file_id: c.id })), variants: 2, resolution: '480p' });
console.log('created', mix.id);

for await (const event of lumiku.videoMixes.stream(mix.id)) {
  const job = event.data?.object ? event.data : (event.data?.data ?? event.data);
  const fraction = job?.progress?.fraction;
  console.log(`${event.event}\t${job?.status ?? ''}\t${fraction === undefined ? '' : `${Math.round(fraction * 100)}%`}\t${job?.progress?.stage ?? ''}`);
}

const done = await lumiku.videoMixes.retrieve(mix.id);
console.log('finished', done.status);
if (done.status !== 'succeeded') process.exitCode = 1;
