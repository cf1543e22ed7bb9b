import { eventTypes as allEventTypes, JOB_EVENT_STATUSES, jobEventType } from '../events/catalogue';
import type { PriceCatalogue } from '../pricing/pricing';
import { APPS } from '.';
import type { AppDefinition } from './definition';

/**
 * What the API and the workers check at start, so a half-added app stops the process with a clear
 * message instead of failing requests later (a missing price would be a 500 at quote time, a
 * missing renderer a failed job): every app has a price in the catalogue in use, its events, and
 * (workers) a renderer; names, id prefixes and paths are unique.
 */
export interface AppCheckInput {
  /** The catalogue the process prices with (PRICE_CATALOGUE_PATH or the bundled one). */
  prices: PriceCatalogue;
  /** The worker's renderer table (workers/src/apps/index.ts); the API passes none. */
  renderers?: Readonly<Record<string, unknown>>;
  /** Default: the event catalogue (domain/events/catalogue.ts). */
  eventTypes?: readonly string[];
  /** Default: the registry. */
  apps?: readonly AppDefinition[];
}

/** Every problem found, one sentence each; empty when the apps are complete. */
export function appProblems({ prices, renderers, eventTypes = allEventTypes(), apps = Object.values(APPS) }: AppCheckInput): string[] {
  const problems: string[] = [];
  const types = new Set(eventTypes);
  const seen = { name: new Map<string, string>(), idPrefix: new Map<string, string>(), path: new Map<string, string>() };
  for (const app of apps) {
    for (const key of ['name', 'idPrefix', 'path'] as const) {
      const other = seen[key].get(app[key]);
      if (other) problems.push(`apps ${other} and ${app.name} have the same ${key} '${app[key]}'`);
      seen[key].set(app[key], app.name);
    }
    if (!prices.products[app.name]) problems.push(`app ${app.name} has no price: the price catalogue has no product '${app.name}'`);
    const missing = JOB_EVENT_STATUSES.map((s) => jobEventType(app.name, s)).filter((t) => !types.has(t));
    if (missing.length) problems.push(`app ${app.name} has no event types ${missing.join(', ')}`);
    if (renderers && typeof renderers[app.name] !== 'function') problems.push(`app ${app.name} has no renderer (workers/src/apps/${app.name.replace(/_/g, '-')}/render.ts, then npm run generate)`);
  }
  if (renderers) for (const name of Object.keys(renderers)) if (!seen.name.has(name)) problems.push(`renderer ${name} has no app in the registry`);
  return problems;
}

/** Throws, listing every problem, unless the apps are complete (see `appProblems`). */
export function assertAppsComplete(input: AppCheckInput): void {
  const problems = appProblems(input);
  if (problems.length) throw new Error(`The apps are incomplete, refusing to start:\n  - ${problems.join('\n  - ')}`);
}
