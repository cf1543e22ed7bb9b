import type { Carousel, CreateCarouselRequestBody, CreateLoopRequestBody, CreatePoseGenerationRequestBody, CreateVideoMixRequestBody, Loop, PoseGeneration, VideoMix } from '../gen/types.gen.js';
import { type ClientOptions, Core } from './core.js';
import { JobResource } from './jobs.js';
import { AccountResource, ApiKeys, Avatars, CreditTransactions, Events, Files, Jobs, Models, Poses, Prices, WebhookEndpoints, Webhooks } from './resources.js';

/**
 * The Lumiku API client.
 *
 * @example
 * import { Lumiku } from '@lumiku/sdk';
 *
 * const lumiku = new Lumiku({ apiKey: process.env.LUMIKU_API_KEY }); // retries 2, timeout 60 s
 * const file = await lumiku.files.upload('clip.mp4');
 * const mix = await lumiku.videoMixes.createAndWait({ clips: [{ file_id: file.id }, { file_id: other.id }], variants: 3 });
 * for await (const job of lumiku.jobs.list({ limit: 50 })) console.log(job.id, job.status);
 */
export class Lumiku {
  /** The request machinery (base URL, retries, timeout) every resource shares. */
  readonly core: Core;
  readonly files: Files;
  readonly videoMixes: JobResource<VideoMix, CreateVideoMixRequestBody>;
  readonly loops: JobResource<Loop, CreateLoopRequestBody>;
  readonly carousels: JobResource<Carousel, CreateCarouselRequestBody>;
  readonly avatars: Avatars;
  readonly poses: Poses;
  readonly poseGenerations: JobResource<PoseGeneration, CreatePoseGenerationRequestBody>;
  readonly jobs: Jobs;
  readonly events: Events;
  readonly webhookEndpoints: WebhookEndpoints;
  readonly apiKeys: ApiKeys;
  readonly account: AccountResource;
  readonly creditTransactions: CreditTransactions;
  readonly models: Models;
  readonly prices: Prices;
  readonly webhooks: Webhooks;

  constructor(options: ClientOptions = {}) {
    const core = (this.core = new Core(options));
    this.files = new Files(core);
    this.videoMixes = new JobResource(core, '/v1/video_mixes');
    this.loops = new JobResource(core, '/v1/loops');
    this.carousels = new JobResource(core, '/v1/carousels');
    this.avatars = new Avatars(core);
    this.poses = new Poses(core);
    this.poseGenerations = new JobResource(core, '/v1/pose_generations');
    this.jobs = new Jobs(core);
    this.events = new Events(core);
    this.webhookEndpoints = new WebhookEndpoints(core);
    this.apiKeys = new ApiKeys(core);
    this.account = new AccountResource(core);
    this.creditTransactions = new CreditTransactions(core);
    this.models = new Models(core);
    this.prices = new Prices(core);
    this.webhooks = new Webhooks(core);
  }
}

export default Lumiku;
