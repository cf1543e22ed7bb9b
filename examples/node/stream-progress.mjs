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

// State changes arrive as event objects named by their type (video_mix.processing, …), with
// `progress` updates ({job_id, fraction, stage, eta_seconds}) between them; the stream ends after
// the terminal event and resumes by itself (Last-Event-ID) if the connection drops.
for await (const { event, data } of lumiku.videoMixes.stream(mix.id)) {
  if (event === 'progress') console.log(`progress\t${Math.round(data.fraction * 100)}%\t${data.stage}\t${data.eta_seconds ?? ''}`);
  else console.log(`${event}\t${data.data.object.status}\t${data.id}`);
}

const done = await lumiku.videoMixes.retrieve(mix.id);
console.log('finished', done.status);
if (done.status !== 'succeeded') process.exitCode = 1;
