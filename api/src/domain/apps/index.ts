import { avatar } from './avatar/definition';
import { carousel } from './carousel/definition';
import type { AppDefinition } from './definition';
import { loop } from './loop/definition';
import { poseGeneration } from './pose-generation/definition';
import { videoMix } from './video-mix/definition';

export type { AppDefinition, AppDocs, AppExamples } from './definition';
export { defineApp } from './definition';

/** Each key must be its definition's `name`. */
type KeyedByName<T> = { [K in keyof T]: T[K] extends AppDefinition<any, any, K & string> ? T[K] : AppDefinition<any, any, K & string> };
const registry = <T extends Record<string, AppDefinition>>(apps: T & KeyedByName<T>): T => apps;

/**
 * Every app, by name: the one list. Register an app here (its definition lives in its folder, see
 * `AppDefinition` in ./definition.ts), then run `npm run generate` for its controller, spec, SDK
 * resource, price catalogue entry and renderer table entry.
 */
export const APPS = registry({
  video_mix: videoMix,
  loop,
  carousel,
  avatar,
  pose_generation: poseGeneration,
});

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
