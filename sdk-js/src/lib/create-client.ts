import { type Client, type Config, createClient, createConfig } from '../gen/client/index.js';

export interface LumikuClientOptions {
  /** An `lk_live_…` or `lk_test_…` key, or a function returning one (called per request). */
  apiKey: string | (() => string | Promise<string>);
  /** API origin, e.g. `https://api.example.com`; a trailing slash is ignored. */
  baseUrl: string;
  /** Any other fetch client option (`fetch`, `headers`, `throwOnError`, …). */
  config?: Omit<Config, 'auth' | 'baseUrl'> | undefined;
}

/**
 * A client that sends the API key as a bearer token to `baseUrl`. Pass it to any SDK function
 * (`accountRetrieve({ client })`), or apply the same settings to the shared default client with
 * `client.setConfig(...)`.
 */
export function createLumikuClient({ apiKey, baseUrl, config }: LumikuClientOptions): Client {
  return createClient(
    createConfig({
      ...config,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      auth: typeof apiKey === 'function' ? () => apiKey() : apiKey,
    }),
  );
}
