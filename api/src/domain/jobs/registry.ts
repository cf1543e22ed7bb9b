import { APPS, appForId, type AppName } from '../apps';
import type { AppDefinition } from '../apps/definition';

/**
 * Every job app the API accepts, by object name: the registry (`APPS`, api/src/domain/apps/index.ts),
 * under the name the engine has always used. Workers pair each with its renderer.
 */
export const JOB_APPS: { readonly [K in AppName]: AppDefinition<any, any, K> } = APPS;

export { appForId };
