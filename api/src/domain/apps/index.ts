import { DEFINED_APPS } from '../../generated/apps';
import type { AppDefinition } from './definition';

export type { AppDefinition, AppDocs, AppExamples } from './definition';
export { defineApp } from './definition';

/** Each key must be its definition's `name`. */
type KeyedByName<T> = { [K in keyof T]: T[K] extends AppDefinition<any, any, K & string> ? T[K] : AppDefinition<any, any, K & string> };
const registry = <T extends Record<string, AppDefinition>>(apps: T & KeyedByName<T>): T => apps;

/**
 * Every app, by name. An app is registered by its definition existing (`defineApp` exported from
 * ./<folder>/definition.ts or request.ts, see `AppDefinition` in ./definition.ts): `npm run generate`
 * lists them in api/src/generated/apps.ts, and writes their controllers, spec, SDK resources, price
 * catalogue entries and renderer table entries.
 */
export const APPS = registry(DEFINED_APPS);

/** An app's name: `video_mix`, `loop`, … (the registry's keys). */
export type AppName = keyof typeof APPS;

/** The apps in registry order. */
export const APP_LIST: readonly AppDefinition<any, any, AppName>[] = Object.values(APPS);

/** The app whose job ids start with this id's prefix (`vmix_…` → video_mix). */
export function appForId(id: string): AppDefinition<any, any, AppName> | undefined {
  const prefix = id.slice(0, id.indexOf('_'));
  return APP_LIST.find((a) => a.idPrefix === prefix);
}

export const isAppName = (name: string): name is AppName => Object.hasOwn(APPS, name);
