// Written by sdk-js/scripts/sync-version.mjs from the spec's info.version (openapi/openapi.json).
// Do not edit: change the spec's version and run `npm run sync-version -w sdk-js`.

/** The SDK's version: the API version it was generated from. */
export const VERSION = '1.0.0';
