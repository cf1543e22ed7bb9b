import { APP_RESOURCES, type AppCreateBodies, type AppObjects, type AppProperties, type AppResourceName } from '../gen/apps.gen.js';
import { type ClientOptions, Core } from './core.js';
import { JobResource } from './jobs.js';
import { AccountResource, ApiKeys, Avatars, CreditTransactions, Events, Files, Jobs, Models, Poses, Prices, WebhookEndpoints, Webhooks } from './resources.js';

/** Job apps whose resource has methods beyond the job ones: their hand-written subclass of `JobResource`. */
const EXTENDED = {
  avatar: Avatars,
} satisfies { [A in AppResourceName]?: new (core: Core) => JobResource<AppObjects[A], AppCreateBodies[A], any> };
type Extended = typeof EXTENDED;

/**
 * One property per job app, from the spec (src/gen/apps.gen.ts): `videoMixes`, `loops`, … Each is a
 * `JobResource` (create, quote, list, retrieve, wait, stream, cancel, createAndWait) typed with the
 * app's resource and create body, or the app's own subclass (`avatars`: update, delete, presets).
 */
export type AppResources = {
  readonly [P in keyof AppProperties]: AppProperties[P] extends keyof Extended
    ? InstanceType<Extended[AppProperties[P]]>
    : JobResource<AppObjects[AppProperties[P]], AppCreateBodies[AppProperties[P]]>;
};

// The job app properties are declared by AppResources (merged into the class below).
export interface Lumiku extends AppResources {}

/**
 * The Lumiku API client.
 *
 * @example
 * import { Lumiku } from '@lumiku/sdk';
 *
 * const lumiku = new Lumiku({ apiKey: process.env.LUMIKU_API_KEY }); // retries 2, timeout 60 s
 * const [a, b] = await Promise.all([lumiku.files.upload('clip-1.mp4'), lumiku.files.upload('clip-2.mp4')]);
 * const mix = await lumiku.videoMixes.createAndWait({ clips: [{ file_id: a.id }, { file_id: b.id }], variants: 3 });
 * for await (const job of lumiku.jobs.list({ limit: 50 })) console.log(job.id, job.status);
 *
 * const patient = lumiku.withOptions({ timeout: 120_000, maxRetries: 5 }); // a copy with other options
 * const { data: account, requestId, rateLimit } = await lumiku.account.retrieve().withResponse();
 */
export class Lumiku {
  /** The request machinery (base URL, retries, timeout) every resource shares. */
  readonly core: Core;
  readonly files: Files;
  readonly poses: Poses;
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
    for (const [app, { property, path }] of Object.entries(APP_RESOURCES)) {
      const Own = (EXTENDED as Partial<Record<string, new (core: Core) => unknown>>)[app];
      (this as unknown as Record<string, unknown>)[property] = Own ? new Own(core) : new JobResource(core, path);
    }
    this.poses = new Poses(core);
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

  /**
   * A new client with these options over this one's (an `undefined` option keeps this client's
   * value). This client is unchanged.
   * @example
   * const slow = lumiku.withOptions({ timeout: 5 * 60_000, maxRetries: 0 });
   * const quiet = lumiku.withOptions({ logLevel: 'off' });
   */
  withOptions(options: ClientOptions): this {
    const Client = this.constructor as new (options: ClientOptions) => this;
    return new Client(this.core.mergedOptions(options));
  }
}

export default Lumiku;
