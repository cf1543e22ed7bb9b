/**
 * `@lumiku/sdk/raw`: the generated layer. One function per API operation (`accountRetrieve`,
 * `videoMixesCreate`, …), generated from the OpenAPI document by @hey-api/openapi-ts, resolving to
 * `{ data, error, request, response }`. Most code wants the client instead: `import { Lumiku } from '@lumiku/sdk'`.
 *
 * @example
 * import { accountRetrieve, createLumikuClient } from '@lumiku/sdk/raw';
 *
 * const client = createLumikuClient({ apiKey: process.env.LUMIKU_API_KEY!, baseUrl: 'http://localhost:8080' });
 * const { data, error } = await accountRetrieve({ client });
 *
 * @module
 */
export * from './gen/index.js';
// The shared default client the generated functions use when no `client` option is passed.
export { client } from './gen/client.gen.js';
export { createClient, createConfig } from './gen/client/index.js';
export type { Auth, Client, Config, RequestResult, ResponseStyle } from './gen/client/index.js';
export type { RequestOptions } from './gen/client/index.js';
export { createLumikuClient, type LumikuClientOptions } from './lib/create-client.js';
