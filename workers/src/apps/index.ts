/**
 * Each app's renderer, by name: generated from the app registry (api/src/domain/apps/index.ts) by
 * `npm run generate`, which takes `render<PascalName>` from workers/src/apps/<folder>/render.ts.
 * The worker refuses to start if an app has none (api/src/domain/apps/checks.ts).
 */
export { RENDERERS } from '../generated/renderers';
