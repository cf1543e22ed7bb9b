#!/usr/bin/env node
// The image's HEALTHCHECK: the role the entry point started (/tmp/lumiku-role) answers GET /health
// on this host: the API on PORT; a worker on WORKER_METRICS_PORT (its metrics listener, which
// answers /health without the metrics token), or nothing to probe when it serves none. `migrate`
// and `lumiku …` are one-shot commands: nothing to probe.
const fs = require('node:fs');

let role = 'api';
try {
  role = fs.readFileSync(process.env.LUMIKU_ROLE_FILE || '/tmp/lumiku-role', 'utf8').trim();
} catch {}
const port = role === 'api' ? process.env.PORT || '8080' : role === 'worker' ? process.env.WORKER_METRICS_PORT : undefined;
if (!port) process.exit(0);
fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) }).then(
  (r) => process.exit(r.ok ? 0 : 1),
  () => process.exit(1),
);
