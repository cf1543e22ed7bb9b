import { fileURLToPath } from 'node:url';
import { defineConfig } from '@hey-api/openapi-ts';

/** Paths are resolved from this file, so the config works from any working directory. */
const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  input: here('../openapi/openapi.json'),
  output: {
    path: here('./src/gen'),
    // Everything under src/gen is owned by the generator.
    clean: true,
    // Explicit `.js` specifiers so the ESM build runs in Node without a bundler.
    module: { extension: '.js' },
    // No formatter: output is plain generator output, identical on every machine.
    postProcess: [],
  },
  // No crash-report files dropped into the working directory.
  logs: { file: false },
  plugins: [
    '@hey-api/typescript',
    {
      name: '@hey-api/sdk',
      // One tree-shakable function per operation, named from the operationId:
      // `apiKeys.create` → `apiKeysCreate`, `account.retrieve` → `accountRetrieve`.
      operations: { strategy: 'flat', nesting: 'operationId' },
      // Calls resolve to `{ data, error, request, response }`; pass `throwOnError: true` to reject instead.
      responseStyle: 'fields',
    },
    {
      name: '@hey-api/client-fetch',
      // The spec's `servers` entry is a development URL; callers pass `baseUrl` (see createLumikuClient).
      baseUrl: false,
      // The fetch client is copied into src/gen/client, so the package has no runtime dependencies.
      bundle: true,
    },
  ],
});
