import type { JobApp } from '../jobs/app-contract';
import type { JobStatus } from '../jobs/repository';
import type { ProductPrice } from '../pricing/pricing';

/**
 * An app: everything the platform needs to know about one kind of job, in one object, kept in the
 * app's folder (`api/src/domain/apps/<folder>/definition.ts`, or its `request.ts`; `<folder>` is
 * `name` with `-` for `_`), exported as `defineApp(…)`: `npm run generate` finds it there and lists
 * it in `APPS` (`api/src/domain/apps/index.ts`, through api/src/generated/apps.ts). Everything else
 * is derived from it:
 *   - the `AppName` type and the event types (`<name>.<status>`, domain/events/catalogue.ts);
 *   - the job controller (`scripts/generate.ts` writes `api/src/generated/controllers/<Plural>Controller.ts`:
 *     create, list, retrieve, cancel under `/v1/<path>`, with `examples` and `docs` inlined), hence the
 *     spec, the SDK's job resource (`lumiku.<camel path>`), Postman and the webhook payload examples;
 *   - the bundled price catalogue (`api/src/domain/pricing/catalogue.json`, from each `price`);
 *   - the worker's renderer table (`workers/src/generated/renderers.ts`: the `render<Pascal name>`
 *     export of `workers/src/apps/<folder>/render.ts`, where `<folder>` is `name` with `-` for `_`).
 * The API and the workers refuse to start if an app has no renderer, no price in the catalogue in use
 * (PRICE_CATALOGUE_PATH or the bundled one) or no events (domain/apps/checks.ts).
 *
 * Adding an app therefore means writing: this definition (with its request interface, `normalize`,
 * `quote` and examples; one module or a few beside each other), its renderer, its docs page
 * (sdk-docs/apps/<path with - for _>.md), its curl example (examples/curl/<folder>.sh) and its test,
 * then `npm run generate`. Nothing else is edited by hand.
 *
 * The API side is pure except `prepare` (lookups) and `onCreate` (rows kept beside the job); the
 * engine does the rest (credits, rows, queues, storage, progress, cancel, events).
 */
export interface AppDefinition<Request = any, Input = any, Name extends string = string> extends Omit<JobApp<Request, Input>, 'name'> {
  /** Object type, event prefix and price catalogue product, snake_case: `video_mix` → `video_mix.succeeded`. */
  name: Name;
  /*
   * From JobApp (app-contract.ts), unchanged:
   *   idPrefix (`vmix` → `vmix_…`, unique among apps); path (URL segment under /v1, plural snake_case:
   *   `video_mixes`; the SDK property is its camelCase, `videoMixes`); pool (`media`: FFmpeg, `image`:
   *   sharp, `gpu`: AI model calls); fileIds (ids of the files the request names, checked first; must
   *   not throw on odd input); prepare? (lookups, e.g. a model or an avatar); normalize (pure:
   *   validation beyond the schema and defaults → the renderer's input; throws ApiError 422 naming each
   *   field); onCreate? (rows kept beside the job, in its creation transaction); quote (pure, through
   *   `quote` in domain/pricing and the catalogue's `name` product); present? (the app's own resource
   *   fields for a batch of its jobs: an avatar's name and image, a pose generation's items).
   */
  /**
   * The name of the TypeScript interface of the request body (the app's own fields), exported from
   * the app's definition module. It is the one source of the spec schema and of the validation tsoa
   * does before `normalize`: the generated controller takes `Create<Pascal name>RequestBody`, one
   * closed object of these fields and the common job fields (`external_id`, `metadata`, `webhook_url`,
   * `webhook_events`). Use JSDoc tags (`@minimum`, `@pattern`, `@example`, …) for the schema.
   */
  requestSchema: string;
  /**
   * Only for apps with a `present` hook: the name of the resource interface, exported from the
   * definition module (`interface Avatar extends JobFields { object: 'avatar'; input: …; name: …}`).
   * Without it the generator declares `<Pascal name>` as the common job fields with this `object`
   * and `input`.
   */
  resourceType?: string;
  /** The app's entry in the bundled price catalogue (an operator's PRICE_CATALOGUE_PATH copy must have one too). */
  price: ProductPrice;
  /** Texts of the generated operations (Markdown). */
  docs: AppDocs;
  /** Examples for the spec, kept beside the definition (`<app>/examples.ts`); the generator inlines them. */
  examples: AppExamples<Request>;
}

export interface AppDocs {
  /** What `POST /v1/<path>` makes (the generator adds how the 202, `Location`, `?wait=` and `dry_run` work). */
  create: string;
  /** Extra sentences for list. */
  list?: string;
  /** Extra sentences for retrieve (e.g. what `items` shows). */
  retrieve?: string;
  /** Extra sentences for cancel (e.g. what happens to model calls in flight). */
  cancel?: string;
  /** Response descriptions naming the app's own error codes. */
  errors?: {
    /** 403 of create; default: the key lacks `jobs:write`. */
    create403?: string;
    /** 422 of create; default: `validation_failed`, `file_not_found` or an app-specific code. */
    create422?: string;
  };
}

/** The common job fields of an example resource, plus the app's own. */
export type ResourceExample<Request> = {
  id: string;
  status: JobStatus;
  input: Request;
  [key: string]: unknown;
};

export interface AppExamples<Request> {
  /** A create body: the app's fields and any common ones (`external_id`, `metadata`). */
  request: Request & { external_id?: string; metadata?: Record<string, string> };
  /** The resource as create answers it (queued). Cancel's example is this one, canceled and refunded. */
  queued: ResourceExample<Request>;
  /** The resource once it succeeded (retrieve, list, the `.succeeded` webhook). */
  succeeded: ResourceExample<Request>;
}

/** Declares an app, keeping its name as a literal type (so `AppName` is the union of the registry's keys). */
export function defineApp<const Name extends string, Request, Input>(definition: AppDefinition<Request, Input, Name>): AppDefinition<Request, Input, Name> {
  return definition;
}

/** `video_mix` → `VideoMix`. */
export const pascalCase = (snake: string) => snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
/** `video_mixes` → `videoMixes`. */
export const camelCase = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
/** `video_mix` → `video-mix`: the app's folder under api/src/domain/apps and workers/src/apps. */
export const folderOf = (name: string) => name.replace(/_/g, '-');
