// Create a carousel from two photos and wait for it: the shortest complete job.
//   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] node examples/node/create-and-wait.mjs photo-1.jpg photo-2.jpg
import { Lumiku, APIError } from '@lumiku/sdk';

const [first, second] = process.argv.slice(2);
if (!first || !second) {
  console.error('usage: node create-and-wait.mjs photo-1.jpg photo-2.jpg');
  process.exit(2);
}

const lumiku = new Lumiku(); // LUMIKU_API_KEY, LUMIKU_BASE_URL

try {
  const [a, b] = await Promise.all([lumiku.files.upload(first), lumiku.files.upload(second)]);
  const carousel = await lumiku.carousels.createAndWait(
    {
      slides: [
        { images: [a.id, b.id], texts: ['Summer sale', 'New drop'] },
        { images: [b.id], texts: ['Only this week'] },
      ],
      sets: 3,
      selection: 'round_robin',
      external_id: `example-${Date.now()}`,
    },
    { timeoutMs: 120_000 },
  );
  console.log(carousel.id, carousel.status, `charged ${carousel.credits.charged} credits`);
  for (const output of carousel.outputs) console.log(`${output.role}\t${output.filename}\t${output.url}`);
  if (carousel.status !== 'succeeded') process.exitCode = 1;
} catch (err) {
  if (err instanceof APIError) console.error(`${err.status} ${err.code}: ${err.message} (request ${err.requestId})`);
  else console.error(err);
  process.exitCode = 1;
}
