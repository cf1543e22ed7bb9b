# syntax=docker/dockerfile:1.7
#
# One image, every role by argument (deploy/docker/entrypoint.sh):
#   docker run IMAGE api                    HTTP API on $PORT (default 8080)
#   docker run IMAGE worker --queues media  background worker (pools: media, image, gpu, webhooks)
#   docker run IMAGE migrate                apply database migrations, then exit
#   docker run IMAGE lumiku audit           any operator CLI command
#
# Runs compiled JavaScript (dist/, built here with tsc); no TypeScript tooling at run time.
# Required: DATABASE_URL, REDIS_URL and SIGNING_SECRET (NODE_ENV is production here).
# The embedded PostgreSQL/Redis of `npm start` are for workstations; the image never starts them.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    SCARF_ANALYTICS=false

# ---- build: every dependency, tsc → dist/ ------------------------------------------------------
FROM base AS build
COPY package.json package-lock.json ./
COPY sdk-js/package.json sdk-js/
COPY integrations/n8n/package.json integrations/n8n/
COPY integrations/zapier/package.json integrations/zapier/
COPY integrations/make/package.json integrations/make/
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY api api
COPY workers workers
COPY migrations migrations
COPY openapi openapi
COPY deploy/docker deploy/docker
RUN npx tsc -p tsconfig.build.json && node deploy/docker/copy-assets.mjs

# ---- production dependencies only ---------------------------------------------------------------
# Install scripts run only for the packages package.json "allowScripts" allows; ffmpeg/ffprobe are
# then made executable for everyone (their own scripts do so for root only).
FROM base AS deps
# The workspaces' manifests too: the lockfile names them.
COPY package.json package-lock.json ./
COPY sdk-js/package.json sdk-js/
COPY integrations/n8n/package.json integrations/n8n/
COPY integrations/zapier/package.json integrations/zapier/
COPY integrations/make/package.json integrations/make/
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts \
 && allowed="$(node -p "const a = require('./package.json').allowScripts || {}; Object.keys(a).filter((k) => a[k] === true && require('fs').existsSync('node_modules/' + k)).join(' ')")" \
 && if [ -n "$allowed" ]; then npm rebuild $allowed; fi \
 && { find node_modules/@ffmpeg-installer node_modules/@ffprobe-installer -type f \( -name ffmpeg -o -name ffprobe \) -exec chmod 0755 {} + 2>/dev/null || true; }

# ---- runtime ------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    LUMIKU_DATA_DIR=/var/lib/lumiku
WORKDIR /app
# Application files stay owned by root (read-only to the app); only the data folder is writable.
COPY --from=deps /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY package.json ./
COPY --chmod=0755 deploy/docker/entrypoint.sh /usr/local/bin/lumiku
COPY deploy/docker/cli.js deploy/docker/healthcheck.js deploy/docker/
RUN mkdir -p /var/lib/lumiku && chown node:node /var/lib/lumiku

USER node
EXPOSE 8080
# The API's /health; a worker's on WORKER_METRICS_PORT when it serves one (deploy/docker/healthcheck.js).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.js"]
ENTRYPOINT ["/usr/local/bin/lumiku"]
CMD ["api"]
