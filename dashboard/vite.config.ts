import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The API the dev server forwards to (`npm run dev:dashboard`): LUMIKU_API_URL, else the local platform. */
const api = process.env.LUMIKU_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  resolve: {
    // The SDK from its sources in this repository (its dist is a build output, absent in a fresh clone).
    alias: { '@lumiku/sdk': fileURLToPath(new URL('../sdk-js/src/index.ts', import.meta.url)) },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022', chunkSizeWarningLimit: 400 },
  server: {
    port: 5173,
    proxy: { '/v1': { target: api, changeOrigin: false }, '/auth': { target: api, changeOrigin: false } },
  },
});
