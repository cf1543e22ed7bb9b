# syntax=docker/dockerfile:1.7
#
# One image, two roles (plus a one-off migration command):
#   docker run IMAGE api                    HTTP API on $PORT (default 8080)
#   docker run IMAGE worker --queues media  background worker
#   docker run IMAGE migrate                apply database migrations, then exit
#   docker run IMAGE lumiku audit           any operator CLI command
#
# Required: DATABASE_URL, REDIS_URL, and SIGNING_SECRET (NODE_ENV is production here).
# The embedded PostgreSQL/Redis of `npm start` are for workstations; the image never starts them.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false \
    SCARF_ANALYTICS=false
COPY . .
# TypeScript runs through tsx, a runtime dependency, so there is no build step and no dev
# dependencies. Install scripts run only for the packages package.json "allowScripts" allows;
# ffmpeg/ffprobe are then made executable for everyone (their own scripts do so for root only).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts \
 && allowed="$(node -p "const a = require('./package.json').allowScripts || {}; Object.keys(a).filter((k) => a[k] === true && require('fs').existsSync('node_modules/' + k)).join(' ')")" \
 && if [ -n "$allowed" ]; then npm rebuild $allowed; fi \
 && { find node_modules/@ffmpeg-installer node_modules/@ffprobe-installer -type f \( -name ffmpeg -o -name ffprobe \) -exec chmod 0755 {} + 2>/dev/null || true; }

# ---- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    LUMIKU_DATA_DIR=/var/lib/lumiku
WORKDIR /app

# Application files stay owned by root (read-only to the app); only the data folder is writable.
COPY --from=deps /app /app
RUN mkdir -p /var/lib/lumiku && chown node:node /var/lib/lumiku

COPY --chmod=0755 <<'EOF' /usr/local/bin/lumiku
#!/bin/sh
set -e
cd /app
role="${1:-api}"
[ "$#" -gt 0 ] && shift
case "$role" in
  api)
    echo api > /tmp/lumiku-role
    exec node --import tsx api/src/main.ts "$@" ;;
  worker)
    echo worker > /tmp/lumiku-role
    exec node --import tsx workers/src/main.ts "$@" ;;
  migrate)
    # The operator CLI (`npx lumiku`); `docker run IMAGE migrate` applies pending migrations.
    exec node bin/lumiku.js migrate "$@" ;;
  lumiku)
    exec node bin/lumiku.js "$@" ;;
  *)
    # Anything else runs as given, e.g. `docker run -it IMAGE sh`.
    exec "$role" "$@" ;;
esac
EOF

USER node
EXPOSE 8080
# Only the API serves HTTP; in a worker container the check passes without probing.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "let role = 'api'; try { role = require('fs').readFileSync('/tmp/lumiku-role', 'utf8').trim(); } catch {} if (role !== 'api') process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));"]
ENTRYPOINT ["/usr/local/bin/lumiku"]
CMD ["api"]
