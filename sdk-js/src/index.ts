// Generated layer: one function per operation plus the request/response types (src/gen).
export * from './gen/index.js';
// The shared default client the SDK functions use when no `client` option is passed.
export { client } from './gen/client.gen.js';
export { createClient, createConfig } from './gen/client/index.js';
export type { Auth, Client, Config, RequestOptions, RequestResult, ResponseStyle } from './gen/client/index.js';

export { createLumikuClient, type LumikuClientOptions } from './lib/create-client.js';
