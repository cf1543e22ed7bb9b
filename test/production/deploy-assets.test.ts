import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import BeeQueue from 'bee-queue';
import Redis from 'ioredis';
import { parse, parseAllDocuments } from 'yaml';
import { POOLS } from '../../api/src/domain/jobs/app-contract';
import { connectQueue, createQueue, redisSettings } from '../../api/src/domain/jobs/queue';
import { testServices } from '../support/harness';

/**
 * The deployment assets in deploy/ against the code: the worker pools every asset names are exactly
 * the pools the code has (POOLS plus the webhook delivery pool), the Compose file is valid for
 * `docker compose` (when a compose client is installed), the chart's values pass its schema and its
 * templates are well-formed YAML once Helm's actions are taken out. Helm itself is not available
 * here: nothing in this file renders the chart.
 */
const ROOT = path.join(__dirname, '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');
const ALL_POOLS = [...POOLS, 'webhooks'].sort();
const read = (p: string) => fs.readFileSync(path.join(ROOT, p), 'utf8');
const WORKER_METRICS_PORT = '9464';

describe('deployment assets (deploy/)', () => {
  describe('the image entry point', () => {
    const entrypoint = path.join(DEPLOY, 'docker/entrypoint.sh');
    const run = (...args: string[]) => spawnSync('sh', [entrypoint, ...args], { env: { ...process.env, LUMIKU_APP_DIR: ROOT }, encoding: 'utf8', timeout: 10_000 });

    it('knows exactly the worker pools of the code', () => {
      const line = /^WORKER_POOLS="([^"]*)"$/m.exec(read('deploy/docker/entrypoint.sh'));
      assert.ok(line, 'WORKER_POOLS= line');
      assert.deepEqual(line[1].split(' ').sort(), ALL_POOLS);
    });

    it('refuses a worker without --queues or with an unknown pool, before starting node', () => {
      const none = run('worker');
      assert.equal(none.status, 64, none.stderr);
      assert.match(none.stderr, /--queues is required/);
      const bogus = run('worker', '--queues', 'media,bogus');
      assert.equal(bogus.status, 64, bogus.stderr);
      assert.match(bogus.stderr, /unknown pool 'bogus'/);
      assert.equal(run('worker', '--queues=nope').status, 64);
    });

    it('runs every role from compiled JavaScript (the Dockerfile builds dist/ and never runs tsx)', () => {
      const docker = read('Dockerfile');
      const runtime = docker.slice(docker.indexOf('AS runtime'));
      assert.match(docker, /npx tsc -p tsconfig\.build\.json && node deploy\/docker\/copy-assets\.mjs/);
      assert.doesNotMatch(runtime, /tsx/);
      assert.match(runtime, /ENTRYPOINT \["\/usr\/local\/bin\/lumiku"\]/);
      assert.match(runtime, /COPY --chmod=0755 deploy\/docker\/entrypoint\.sh \/usr\/local\/bin\/lumiku/);
      // The HEALTHCHECK probes the API's /health and a worker's (test/production/dist.test.ts runs it against both).
      assert.match(runtime, /COPY deploy\/docker\/cli\.js deploy\/docker\/healthcheck\.js deploy\/docker\//);
      assert.match(runtime, /HEALTHCHECK [^\n]*\\\n\s+CMD \["node", "deploy\/docker\/healthcheck\.js"\]/);
      const script = read('deploy/docker/entrypoint.sh');
      assert.doesNotMatch(script.replace(/^\s*#.*$/gm, ''), /tsx|\.ts\b/);
      for (const role of ['api', 'worker', 'migrate', 'lumiku']) assert.match(script, new RegExp(`^  ${role}\\)`, 'm'), role);
      assert.match(script, /exec node dist\/api\/src\/main\.js/);
      assert.match(script, /exec node dist\/workers\/src\/main\.js/);
    });
  });

  describe('Compose (deploy/compose/compose.yaml)', () => {
    const file = path.join(DEPLOY, 'compose/compose.yaml');
    const compose = parse(fs.readFileSync(file, 'utf8'), { merge: true }) as any;
    const services = compose.services as Record<string, any>;

    it('runs one service per worker pool, with `worker --queues <pool>`', () => {
      const workers = Object.entries(services).filter(([, s]) => s.command?.[0] === 'worker');
      const pools = workers.map(([, s]) => {
        assert.equal(s.command[1], '--queues');
        return s.command[2] as string;
      });
      assert.deepEqual(pools.sort(), ALL_POOLS);
      for (const [name, s] of workers) assert.equal(name, `worker-${s.command[2]}`);
    });

    it('runs two API processes behind the proxy, migrations once first, and the backing services', () => {
      assert.deepEqual(services.api.command, ['api']);
      assert.equal(services.api.deploy.replicas, 2);
      assert.match(read('deploy/compose/Caddyfile'), /dynamic a api 8080/);
      assert.deepEqual(services.migrate.command, ['migrate']);
      assert.equal(services.migrate.restart, 'no');
      for (const name of ['api', 'worker-media', 'worker-webhooks']) assert.equal(services[name].depends_on.migrate.condition, 'service_completed_successfully', name);
      for (const name of ['postgres', 'redis', 'minio', 'proxy']) assert.ok(services[name], name);
      assert.deepEqual(services.svix.profiles, ['svix']);
      assert.equal(services.api.environment.NODE_ENV, 'production');
      assert.equal(services.api.environment.STORAGE_DRIVER, 's3');
    });

    it('every worker service serves its metrics (and /health) on WORKER_METRICS_PORT on the compose network, and every scraped service says where', () => {
      const workers = Object.entries(services).filter(([, s]) => s.command?.[0] === 'worker');
      assert.equal(workers.length, ALL_POOLS.length);
      for (const [name, s] of workers) {
        assert.equal(s.environment.WORKER_METRICS_PORT, WORKER_METRICS_PORT, name);
        assert.equal(s.environment.METRICS_HOST, '0.0.0.0', `${name}: reachable from Prometheus, not only on loopback`);
        assert.ok(s.environment.METRICS_TOKEN, `${name}: the token guards it`);
        assert.equal(s.environment[`WORKER_CONCURRENCY_${s.command[2].toUpperCase()}`] !== undefined, true, `${name} concurrency`);
        assert.deepEqual(s.expose, [WORKER_METRICS_PORT], name);
        assert.deepEqual(s.labels, { 'prometheus.io/scrape': 'true', 'prometheus.io/port': WORKER_METRICS_PORT, 'prometheus.io/path': '/metrics' }, name);
      }
      assert.equal(services.api.labels['prometheus.io/port'], '8080');
      assert.equal(services.api.environment.WORKER_METRICS_PORT, undefined, 'the API serves /metrics on its own port');
      // The scrape job for Compose names exactly the labelled services, on their labelled ports.
      const job = (parse(read('deploy/prometheus/scrape-configs.yaml')).scrape_configs as any[]).find((j) => j.job_name === 'lumiku-compose');
      const scraped = (job.dns_sd_configs as any[]).flatMap((c) => c.names.map((n: string) => [n, String(c.port)]));
      const labelled = Object.entries(services).filter(([, s]) => s.labels?.['prometheus.io/scrape'] === 'true').map(([n, s]) => [n, s.labels['prometheus.io/port']]);
      assert.deepEqual(scraped.sort(), labelled.sort());
      assert.ok(job.authorization.credentials_file, 'with the metrics token');
    });

    it('names no secret value: each is required from the environment', () => {
      const text = fs.readFileSync(file, 'utf8');
      for (const key of ['SIGNING_SECRET', 'METRICS_TOKEN', 'POSTGRES_PASSWORD', 'MINIO_ROOT_PASSWORD']) assert.match(text, new RegExp(`\\$\\{${key}:\\?`), key);
    });

    const client = ['docker-compose', 'docker'].find((bin) => spawnSync(bin, bin === 'docker' ? ['compose', 'version'] : ['version'], { encoding: 'utf8' }).status === 0);
    (client ? it : it.skip)(`is valid for \`${client ?? 'docker compose'}\` config (with and without the svix profile), and refuses to start without the secrets`, function () {
      this.timeout(60_000);
      const base = client === 'docker' ? ['compose'] : [];
      const secrets = { POSTGRES_PASSWORD: 'p', SIGNING_SECRET: 's', METRICS_TOKEN: 'm', MINIO_ROOT_PASSWORD: 'n' };
      const env = { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', ...secrets };
      const services = execFileSync(client!, [...base, '-f', file, '--profile', 'svix', 'config', '--services'], { env, encoding: 'utf8' }).split('\n').filter(Boolean);
      assert.ok(services.includes('svix') && services.includes('worker-gpu'), services.join(' '));
      execFileSync(client!, [...base, '-f', file, 'config', '-q'], { env });
      const missing = spawnSync(client!, [...base, '-f', file, 'config', '-q'], { env: { PATH: env.PATH, HOME: env.HOME }, encoding: 'utf8' });
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /POSTGRES_PASSWORD|SIGNING_SECRET/);
    });
  });

  describe('Helm chart (deploy/helm/lumiku)', () => {
    const chartDir = path.join(DEPLOY, 'helm/lumiku');
    const values = parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as any;
    const schema = JSON.parse(fs.readFileSync(path.join(chartDir, 'values.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const templates = fs.readdirSync(path.join(chartDir, 'templates')).filter((f) => f.endsWith('.yaml'));

    /**
     * Helm's actions taken out: control lines (`{{- if … }}`, `{{- end }}`, `{{- range … }}`,
     * `{{- include … | nindent N }}`) are dropped, an action inside a line becomes a string. What
     * is left must be YAML documents with apiVersion, kind and metadata.name.
     */
    function skeleton(text: string) {
      const lines = text
        .replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '')
        .split('\n')
        .filter((l) => !/^\s*\{\{-?[^}]*-?\}\}\s*$/.test(l))
        .map((l) => l.replace(/\{\{-?.*?-?\}\}/g, 'TEMPLATED'));
      return parseAllDocuments(lines.join('\n')).map((d) => {
        assert.deepEqual(d.errors, [], String(d.errors));
        return d.toJS() as any;
      }).filter(Boolean);
    }
    const docs = Object.fromEntries(templates.map((t) => [t, skeleton(fs.readFileSync(path.join(chartDir, 'templates', t), 'utf8'))]));

    it('has a v2 Chart.yaml and values that pass values.schema.json (which Helm also enforces)', () => {
      const chart = parse(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'));
      assert.equal(chart.apiVersion, 'v2');
      assert.equal(chart.name, 'lumiku');
      assert.ok(validate(values), JSON.stringify(validate.errors));
    });

    it('its schema refuses a pool the code does not have, secrets in plain env, and a bad queue prefix', () => {
      const bad = (mutate: (v: any) => void) => {
        const v = structuredClone(values);
        mutate(v);
        return validate(v);
      };
      assert.equal(bad((v) => (v.workers.media.queues = ['video'])), false);
      assert.equal(bad((v) => (v.env.SIGNING_SECRET = 'x')), false);
      assert.equal(bad((v) => (v.env.DATABASE_URL = 'postgres://…')), false);
      assert.equal(bad((v) => (v.env.QUEUE_PREFIX = 'a b')), false);
      assert.equal(bad((v) => delete v.workers.gpu.resources), false);
      // The webhooks pool's relay fills its own queue: at zero replicas nothing would wake it.
      assert.equal(bad((v) => (v.workers.webhooks.minReplicas = 0)), false);
      assert.equal(bad((v) => (v.workers.gpu.minReplicas = 0)), true);
      assert.equal(bad((v) => delete v.metrics), false);
      assert.equal(bad((v) => (v.keda.redisDatabaseIndex = -1)), false);
    });

    it('declares one worker Deployment per pool of the code, the gpu one on GPU nodes', () => {
      const queues = Object.values(values.workers as Record<string, { queues: string[] }>).flatMap((w) => w.queues);
      assert.deepEqual([...queues].sort(), ALL_POOLS);
      assert.deepEqual(Object.keys(values.workers).sort(), ALL_POOLS);
      assert.equal(values.workers.gpu.nodeSelector['nvidia.com/gpu.present'], 'true');
      assert.equal(values.workers.gpu.resources.limits['nvidia.com/gpu'], 1);
    });

    it('templates are well-formed YAML of the expected kinds', () => {
      const kinds = Object.values(docs).flat().map((d) => `${d.apiVersion} ${d.kind}`);
      for (const kind of ['apps/v1 Deployment', 'autoscaling/v2 HorizontalPodAutoscaler', 'policy/v1 PodDisruptionBudget', 'keda.sh/v1alpha1 ScaledObject', 'batch/v1 Job', 'v1 Service', 'v1 ConfigMap', 'v1 Secret'])
        assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(', ')}`);
      for (const d of Object.values(docs).flat()) assert.ok(d.metadata?.name, `${d.kind} has a name`);
    });

    it('probes the API on /health and /ready, scales it on CPU and request rate, and reads secrets from a Secret', () => {
      const [api] = docs['api-deployment.yaml'];
      const c = api.spec.template.spec.containers[0];
      assert.deepEqual(c.args, ['api']);
      assert.equal(c.livenessProbe.httpGet.path, '/health');
      assert.equal(c.startupProbe.httpGet.path, '/health');
      assert.equal(c.readinessProbe.httpGet.path, '/ready');
      assert.ok('resources' in c, 'resources'); // filled from values.api.resources
      assert.match(fs.readFileSync(path.join(chartDir, 'templates/_helpers.tpl'), 'utf8'), /secretRef:\n\s+name: \{\{ include "lumiku.secretName" \. \}\}/);
      const [hpa] = docs['api-hpa.yaml'];
      assert.deepEqual(hpa.spec.metrics.map((m: any) => m.type), ['Resource', 'Pods']);
      assert.equal(hpa.spec.metrics[0].resource.name, 'cpu');
    });

    it('every worker Deployment exposes its metrics: WORKER_METRICS_PORT on the pod IP, a named port, a liveness probe on /health, scrape annotations; the API pods are annotated too', () => {
      const text = fs.readFileSync(path.join(chartDir, 'templates/workers.yaml'), 'utf8');
      const deployment = docs['workers.yaml'].find((d) => d.kind === 'Deployment');
      const pod = deployment.spec.template;
      const c = pod.spec.containers[0];
      const env = Object.fromEntries(c.env.map((e: any) => [e.name, e.value]));
      assert.ok('WORKER_METRICS_PORT' in env && env.METRICS_HOST === '0.0.0.0', JSON.stringify(env));
      assert.match(text, /- name: WORKER_METRICS_PORT\n\s+value: \{\{ \$\.Values\.metrics\.workerPort \| quote \}\}/);
      assert.deepEqual(c.ports.map((p: any) => p.name), ['metrics']);
      assert.match(text, /containerPort: \{\{ \$\.Values\.metrics\.workerPort \}\}/);
      assert.deepEqual(c.livenessProbe.httpGet, { path: '/health', port: 'metrics' });
      assert.equal(pod.metadata.annotations['prometheus.io/scrape'], 'true');
      assert.equal(pod.metadata.annotations['prometheus.io/path'], '/metrics');
      assert.match(text, /prometheus\.io\/port: \{\{ \$\.Values\.metrics\.workerPort \| quote \}\}/);
      // Each queue of a worker gets its concurrency (a Deployment may run several queues).
      assert.match(text, /\{\{- range \$queue := \$w\.queues \}\}\n\s+- name: WORKER_CONCURRENCY_\{\{ upper \$queue \}\}/);
      assert.equal(String(values.metrics.workerPort), WORKER_METRICS_PORT, 'the port Compose uses too');
      assert.equal(values.metrics.scrapeAnnotations, true);
      const api = docs['api-deployment.yaml'][0].spec.template.metadata.annotations;
      assert.equal(api['prometheus.io/scrape'], 'true');
      assert.match(fs.readFileSync(path.join(chartDir, 'templates/api-deployment.yaml'), 'utf8'), /prometheus\.io\/port: \{\{ \.Values\.api\.port \| quote \}\}/);
    });

    it('the annotation-driven scrape job keeps annotated pods of the release, on their port and path, with the token and the labels the request-rate rule needs; that rule serves the metric the HPA reads', () => {
      const job = (parse(read('deploy/prometheus/scrape-configs.yaml')).scrape_configs as any[]).find((j) => j.job_name === 'lumiku-pods');
      assert.deepEqual(job.kubernetes_sd_configs, [{ role: 'pod' }]);
      assert.ok(job.authorization.credentials_file);
      const rule = (from: string) => job.relabel_configs.find((r: any) => r.source_labels.includes(from));
      assert.equal(rule('__meta_kubernetes_pod_annotation_prometheus_io_scrape').action, 'keep');
      assert.equal(rule('__meta_kubernetes_pod_label_app_kubernetes_io_name').regex, 'lumiku');
      assert.equal(rule('__meta_kubernetes_pod_annotation_prometheus_io_path').target_label, '__metrics_path__');
      const port = rule('__meta_kubernetes_pod_annotation_prometheus_io_port');
      assert.equal(port.target_label, '__address__');
      assert.equal('10.1.2.3:8080;9464'.replace(new RegExp(`^(?:${port.regex})$`), port.replacement.replace(/\$(\d)/g, '$$$1')), '10.1.2.3:9464');
      assert.equal(rule('__meta_kubernetes_namespace').target_label, 'namespace');
      assert.equal(rule('__meta_kubernetes_pod_name').target_label, 'pod');
      assert.notEqual(rule('__meta_kubernetes_pod_label_lumiku_dev_pool').target_label, 'pool', 'the queue metrics have a pool label');
      const [hpa] = docs['api-hpa.yaml'];
      const adapter = parse(read('deploy/prometheus/prometheus-adapter-rules.yaml')).rules.custom[0];
      assert.equal(adapter.name.as, hpa.spec.metrics[1].pods.metric.name);
      assert.match(adapter.seriesQuery, /^lumiku_http_request_duration_seconds_count\{namespace!="",pod!=""\}$/);
      assert.match(read('api/src/middleware/metrics.ts'), /name: 'lumiku_http_request_duration_seconds'/);
      assert.deepEqual(adapter.resources.overrides, { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } });
    });

    it('runs migrations as a pre-install/pre-upgrade hook Job', () => {
      const job = docs['migrate-job.yaml'].find((d) => d.kind === 'Job');
      assert.equal(job.metadata.annotations['helm.sh/hook'], 'pre-install,pre-upgrade');
      assert.deepEqual(job.spec.template.spec.containers[0].args, ['migrate']);
      assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    });

    it("scales each pool with KEDA on bee-queue's own waiting and active lists of that queue (the keys checked in a real Redis)", async function () {
      this.timeout(30_000);
      const text = fs.readFileSync(path.join(chartDir, 'templates/workers.yaml'), 'utf8');
      const listName = /listName: \{\{ printf "([^"]+)" \$\.Values\.env\.QUEUE_PREFIX \$queue \$list \| quote \}\}/.exec(text);
      assert.ok(listName, 'listName from QUEUE_PREFIX, the queue and the list');
      assert.match(text, /\{\{- range \$list := list "waiting" "active" \}\}/);
      assert.match(text, /listLength: \{\{ \(eq \$list "waiting" \| ternary \$w\.listLength \$w\.concurrency\) \| quote \}\}/);
      assert.match(text, /databaseIndex: \{\{ \$\.Values\.keda\.redisDatabaseIndex \| quote \}\}/);
      const scaled = docs['workers.yaml'].find((d) => d.kind === 'ScaledObject');
      assert.equal(scaled.spec.triggers[0].type, 'redis');
      const key = (prefix: string, queue: string, list: string) => listName[1].replace('%s', prefix).replace('%s', queue).replace('%s', list);

      // The keys bee-queue really uses, in a real Redis: a job of each pool waits in the list KEDA
      // reads as waiting, and moves to the one it reads as active while a worker runs it.
      const { redisUrl } = await testServices();
      const prefix = `lkkeda:${Date.now().toString(36)}`;
      const redis = new Redis(redisUrl);
      const queues: BeeQueue<{ jobId: string }>[] = [];
      try {
        for (const pool of ALL_POOLS) {
          const opts = { redisUrl, prefix, isWorker: true };
          // The webhooks pool makes its queue itself (workers/src/webhooks/pool.ts), with the same prefix and name.
          const queue: BeeQueue<{ jobId: string }> = pool === 'webhooks' ? new BeeQueue<{ jobId: string }>(pool, { prefix, redis: redisSettings(redisUrl), autoConnect: false, getEvents: false, sendEvents: false }) : createQueue(pool as never, opts);
          queues.push(queue);
          await connectQueue(queue, () => {});
          await queue.createJob({ jobId: `keda_${pool}` }).save();
          assert.equal(await redis.llen(key(prefix, pool, 'waiting')), 1, `${pool} waiting`);
          let release!: () => void;
          const running = new Promise<void>((r) => (release = r));
          const started = new Promise<void>((r) => queue.process(1, async () => { r(); await running; }));
          await started;
          assert.equal(await redis.llen(key(prefix, pool, 'waiting')), 0, `${pool} taken`);
          assert.equal(await redis.llen(key(prefix, pool, 'active')), 1, `${pool} active`);
          release();
        }
      } finally {
        await Promise.all(queues.map(async (q) => { await q.close(2000).catch(() => {}); }));
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
      assert.match(text, /args: \["worker", "--queues", \{\{ join "," \$w\.queues \| quote \}\}\]/);
      assert.match(text, /nodeSelector:/);
    });
  });
});
