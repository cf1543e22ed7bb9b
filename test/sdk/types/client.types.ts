/**
 * Type-level tests of the SDK's public surface (expect-type). Never run, only compiled: by the root
 * typecheck (strict, against the source) and by test/sdk/types.test.ts against the built package
 * under `strict` and under `tsc --init`'s settings (`exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`, `verbatimModuleSyntax`), where the import below is `@lumiku/sdk`.
 */
import { expectTypeOf } from 'expect-type';
import {
  APIPromise,
  Lumiku,
  WaitTimeoutError,
  type Account,
  type APIResponse,
  type Avatar,
  type ClientOptions,
  type Carousel,
  type FileObject,
  type Job,
  type JobStreamEvent,
  type LogLevel,
  type Page,
  type RateLimit,
  type RequestOptions,
  type VideoMix,
} from '../../../sdk-js/src/index.js';

export async function typeTests(lumiku: Lumiku, maybe: string | undefined, maybeNumber: number | undefined) {
  // Every option accepts `undefined` (exactOptionalPropertyTypes): the quickstart's first line.
  new Lumiku({ apiKey: process.env.LUMIKU_API_KEY, baseUrl: process.env.LUMIKU_BASE_URL });
  new Lumiku({ apiKey: maybe, baseUrl: maybe, maxRetries: maybeNumber, timeout: maybeNumber, fetch: undefined, defaultHeaders: undefined, webhookSecret: maybe, logLevel: undefined, logger: undefined });
  new Lumiku();
  new Lumiku({ fetch: globalThis.fetch, logger: console, logLevel: 'debug' });
  const opts: RequestOptions = { idempotencyKey: maybe, maxRetries: maybeNumber, timeout: maybeNumber, signal: undefined, headers: undefined };
  await lumiku.account.retrieve(opts);
  // @ts-expect-error: not a level
  new Lumiku({ logLevel: 'verbose' });
  expectTypeOf<LogLevel>().toEqualTypeOf<'off' | 'error' | 'warn' | 'info' | 'debug'>();
  expectTypeOf<ClientOptions['logLevel']>().toEqualTypeOf<LogLevel | undefined>();

  // Parameters and bodies accept `undefined` for their optional fields, at every depth.
  await lumiku.jobs.list({ limit: maybeNumber, starting_after: maybe, status: undefined, app: undefined, external_id: maybe });
  await lumiku.videoMixes.list({ limit: maybeNumber });
  await lumiku.files.upload('clip.mp4', { filename: maybe, contentType: maybe, onProgress: undefined });
  await lumiku.videoMixes.wait('vmix_1', { timeoutMs: maybeNumber, signal: undefined });
  lumiku.videoMixes.stream('vmix_1', { lastEventId: maybe, signal: undefined, maxReconnects: maybeNumber });
  const created = await lumiku.videoMixes.create({ clips: [{ file_id: 'file_a', group: maybe }, { file_id: 'file_b' }], variants: maybeNumber, webhook_url: maybe, external_id: maybe, metadata: { order: '42' } });
  expectTypeOf(created).toEqualTypeOf<VideoMix>();
  await lumiku.webhookEndpoints.create({ url: 'https://example.com/hooks', description: maybe });
  await lumiku.apiKeys.create({ name: 'ci', credit_limit: maybeNumber });
  // @ts-expect-error: a required field stays required
  await lumiku.videoMixes.create({ variants: 3 });
  // @ts-expect-error: and is not `undefined`
  await lumiku.videoMixes.create({ clips: undefined });

  // withResponse(): data, the raw Response, the request id and the rate-limit headers.
  const call = lumiku.account.retrieve();
  expectTypeOf(call).toEqualTypeOf<APIPromise<Account>>();
  expectTypeOf(call).toMatchTypeOf<Promise<Account>>();
  const { data, response, requestId, rateLimit } = await call.withResponse();
  expectTypeOf(data).toEqualTypeOf<Account>();
  expectTypeOf(response).toEqualTypeOf<Response>();
  expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  expectTypeOf(rateLimit).toEqualTypeOf<RateLimit | undefined>();
  expectTypeOf<RateLimit>().toEqualTypeOf<{ limit: number; remaining: number; reset: number }>();
  expectTypeOf(lumiku.files.upload('a.png').withResponse()).resolves.toEqualTypeOf<APIResponse<FileObject>>();
  expectTypeOf(lumiku.jobs.list().withResponse()).resolves.toEqualTypeOf<APIResponse<Page<Job>>>();
  expectTypeOf(lumiku.files.content('file_1')).resolves.toEqualTypeOf<Response>();

  // withOptions(): a client of the same type.
  expectTypeOf(lumiku.withOptions({ timeout: 1000, apiKey: maybe })).toEqualTypeOf<Lumiku>();

  // stream(): each app's resource yields its own events; jobs.stream any app's.
  expectTypeOf(lumiku.videoMixes.stream('vmix_1')).toEqualTypeOf<AsyncGenerator<JobStreamEvent<'video_mix'>>>();
  expectTypeOf(lumiku.jobs.stream('vmix_1')).toEqualTypeOf<AsyncGenerator<JobStreamEvent>>();
  for await (const e of lumiku.videoMixes.stream('vmix_1')) {
    if (e.event === 'progress') expectTypeOf(e.data.fraction).toEqualTypeOf<number>();
    else {
      expectTypeOf(e.event).toEqualTypeOf<'video_mix.queued' | 'video_mix.processing' | 'video_mix.succeeded' | 'video_mix.failed' | 'video_mix.canceled'>();
      expectTypeOf(e.data.data.object).toMatchTypeOf<VideoMix>();
    }
    // @ts-expect-error: a video mix stream has no carousel events
    if (e.event === 'carousel.succeeded') break;
  }
  for await (const e of lumiku.carousels.stream('crsl_1')) if (e.event === 'carousel.succeeded') expectTypeOf(e.data.data.object).toMatchTypeOf<Carousel & { status: 'succeeded' }>();
  for await (const e of lumiku.avatars.stream('avtr_1')) if (e.event !== 'progress') expectTypeOf(e.data.data.object).toMatchTypeOf<Avatar>();

  // WaitTimeoutError is generic over the job; the resource's isWaitTimeout narrows to its job type.
  try {
    await lumiku.videoMixes.wait('vmix_1');
  } catch (err) {
    if (lumiku.videoMixes.isWaitTimeout(err)) expectTypeOf(err.job).toEqualTypeOf<VideoMix>();
    if (lumiku.jobs.isWaitTimeout(err)) expectTypeOf(err.job).toEqualTypeOf<Job>();
  }
  try {
    await lumiku.carousels.wait('crsl_1');
  } catch (err) {
    // instanceof gives the shared job fields, not `any`.
    if (err instanceof WaitTimeoutError) expectTypeOf(err.job).toEqualTypeOf<Job>();
  }
  expectTypeOf<WaitTimeoutError['job']>().toEqualTypeOf<Job>();
  expectTypeOf<WaitTimeoutError<Carousel>['job']>().toEqualTypeOf<Carousel>();
  expectTypeOf(new WaitTimeoutError('x', {} as Avatar)).toEqualTypeOf<WaitTimeoutError<Avatar>>();

  // The quote of a dry run has a total, not "credits".
  const quote = await lumiku.videoMixes.quote({ clips: [{ file_id: 'a' }, { file_id: 'b' }], variants: 20 });
  expectTypeOf(quote.total).toEqualTypeOf<number>();
  // @ts-expect-error: no such field
  void quote.credits;
}

// One public client: the generated functions are at @lumiku/sdk/raw, not here.
// @ts-expect-error: not exported from the package root
import { accountRetrieve } from '../../../sdk-js/src/index.js';
void accountRetrieve;
