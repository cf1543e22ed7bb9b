#!/bin/sh
# The image's entry point: one image, every role by argument.
#   api                              HTTP API on $PORT
#   worker --queues <pool>[,<pool>]  background worker for these pools (WORKER_POOLS below)
#   migrate                          apply database migrations, then exit
#   lumiku <command>                 any operator CLI command (audit, grant, …)
# Everything runs the compiled JavaScript in /app/dist (no TypeScript compiler at run time).
set -eu
cd "${LUMIKU_APP_DIR:-/app}"

# Which role this container runs, for the HEALTHCHECK (deploy/docker/healthcheck.js).
ROLE_FILE="${LUMIKU_ROLE_FILE:-/tmp/lumiku-role}"

# Job pools (POOLS in api/src/domain/jobs/app-contract.ts) plus the webhook delivery pool.
WORKER_POOLS="media image gpu webhooks"

role="${1:-api}"
[ "$#" -gt 0 ] && shift

case "$role" in
  api)
    echo api > "$ROLE_FILE"
    exec node dist/api/src/main.js "$@" ;;
  worker)
    queues=""
    prev=""
    for arg in "$@"; do
      case "$arg" in --queues=*) queues="${arg#--queues=}" ;; esac
      [ "$prev" = "--queues" ] && queues="$arg"
      prev="$arg"
    done
    if [ -z "$queues" ]; then
      echo "worker: --queues is required (one or more of: $WORKER_POOLS, comma-separated)" >&2
      exit 64
    fi
    for q in $(echo "$queues" | tr ',' ' '); do
      case " $WORKER_POOLS " in
        *" $q "*) ;;
        *) echo "worker: unknown pool '$q' (known: $WORKER_POOLS)" >&2; exit 64 ;;
      esac
    done
    echo worker > "$ROLE_FILE"
    exec node dist/workers/src/main.js "$@" ;;
  migrate)
    echo migrate > "$ROLE_FILE"
    exec node deploy/docker/cli.js migrate "$@" ;;
  lumiku)
    echo lumiku > "$ROLE_FILE"
    exec node deploy/docker/cli.js "$@" ;;
  *)
    # Anything else runs as given, e.g. `docker run -it IMAGE sh`.
    exec "$role" "$@" ;;
esac
