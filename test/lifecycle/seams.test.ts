import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import ts from 'typescript';
import { loadConfig } from '../../api/src/config';
import { closeAppDeps, createAppDeps } from '../../api/src/deps';
import { ConflictError, InvariantError, NotFoundError, UnavailableError, ValidationError } from '../../api/src/domain/errors';
import { ERROR_CODES } from '../../api/src/errors/codes';
import { toApiError } from '../../api/src/errors/problem';
import { sseSink } from '../../api/src/http/sse-sink';
import { OpenStreams, type EventSink } from '../../api/src/services/event-sink';

/*
 * The API seam (ARCHITECTURE.md, issue 11): services and domain code know nothing of Express (a
 * stream is an EventSink the HTTP layer adapts), hold no dependency in module-level state (the
 * composition root, api/src/deps.ts, builds and injects every one), and raise no 5xx ApiError
 * (they throw domain errors, which the HTTP layer maps).
 */

const ROOT = path.resolve(__dirname, '../..');
const LAYERS = ['api/src/services', 'api/src/domain'];

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.posix.join(dir, f.split(path.sep).join('/')));
}
const layerFiles = () => LAYERS.flatMap(sources);
const parse = (file: string) => ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022, true);

/** Every module a file imports or requires (static, dynamic, type-only). */
export function importsOf(src: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text);
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) found.push(node.moduleReference.expression.text);
    if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) && node.arguments[0] && ts.isStringLiteral(node.arguments[0]))
      found.push(node.arguments[0].text);
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) found.push(node.argument.literal.text);
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

/** Module-level state: every top-level `let`/`var`, and every top-level `const` made with `new`. */
export function moduleState(src: ts.SourceFile): { name: string; made: string }[] {
  const found: { name: string; made: string }[] = [];
  for (const st of src.statements) {
    if (!ts.isVariableStatement(st)) continue;
    const isConst = (st.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const d of st.declarationList.declarations) {
      let init = d.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init) || ts.isNonNullExpression(init))) init = init.expression;
      if (!isConst) found.push({ name: d.name.getText(src), made: 'let' });
      else if (init && ts.isNewExpression(init)) found.push({ name: d.name.getText(src), made: `new ${init.expression.getText(src)}` });
    }
  }
  return found;
}

/**
 * The module-level state allowed in services and domain code: constants and memos of pure
 * functions, none holding a connection, a handle or anything built from the configuration of one
 * process. Anything else is a dependency, and the composition root builds it.
 */
const PURE_STATE: Record<string, string> = {
  'api/src/domain/files/url-import.ts REDIRECTS': 'a constant set of HTTP statuses',
  'api/src/domain/poses/search.ts BY_ID': 'an index of the bundled pose library, built from constants',
  'api/src/domain/poses/search.ts haystack': 'the search text of the bundled pose library, built from constants',
  'api/src/domain/poses/source.ts byPose': 'memo: a library pose id → its resolved keypoints (a pure function of the id)',
  'api/src/domain/poses/source.ts byKeypoints': 'memo: caller keypoints (by object identity) → resolved form; weak, so it holds nothing alive',
  'api/src/domain/poses/render.ts cache': 'bounded LRU of rendered pose images (a pure function of the pose and size)',
  'api/src/domain/poses/preview.ts cache': 'bounded LRU of pose preview images (a pure function of the pose and size)',
  'api/src/domain/webhooks/url-policy.ts cached': 'memo: the allowlist entries → their parsed address policy (pure; rebuilt when the entries differ)',
  'api/src/services/files.ts cachedPolicy': 'memo: the allowlist entries → their parsed address policy (pure; rebuilt when the entries differ)',
};

describe('the API seam: services and domain without Express, module singletons or 5xx ApiErrors', function () {
  this.timeout(30_000);

  it('when services and domain code are scanned, then none imports Express (streams write to an EventSink)', () => {
    const offenders = layerFiles().flatMap((f) =>
      importsOf(parse(f))
        .filter((m) => m === 'express' || m.startsWith('express/') || m.startsWith('express-serve-static-core') || /(^|\/)http\//.test(m) || /\/middleware\//.test(m))
        .map((m) => `${f} imports ${m}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('when RequestContext is read, then it lives in its own module without Express, and nothing imports the old middleware module', () => {
    const own = parse('api/src/request-context.ts');
    assert.ok(own.statements.some((s) => ts.isInterfaceDeclaration(s) && s.name.text === 'RequestContext'));
    assert.deepEqual(importsOf(own).filter((m) => m.includes('express')), []);
    assert.equal(fs.existsSync(path.join(ROOT, 'api/src/middleware/request-context.ts')), false);
    const stale = [...sources('api/src'), ...sources('workers/src'), ...sources('scripts'), ...sources('test')].filter((f) => importsOf(parse(f)).some((m) => m.endsWith('middleware/request-context')));
    assert.deepEqual(stale, []);
  });

  it('when services and domain code are scanned, then no module-level state holds a dependency: only the pure memos and constants listed here', () => {
    const found = layerFiles().flatMap((f) => moduleState(parse(f)).map((s) => ({ key: `${f} ${s.name}`, made: s.made })));
    const unlisted = found.filter((s) => !(s.key in PURE_STATE)).map((s) => `${s.key} (${s.made})`);
    assert.deepEqual(unlisted, [], 'build it in api/src/deps.ts (or the worker) and inject it; a pure memo may be listed in PURE_STATE with why');
    const gone = Object.keys(PURE_STATE).filter((k) => !found.some((s) => s.key === k));
    assert.deepEqual(gone, [], 'PURE_STATE lists state that no longer exists');
  });

  it('when the scanner reads the singletons this seam removed, then it finds them (the check can fail)', () => {
    const sample = ts.createSourceFile(
      'x.ts',
      `const backends = new WeakMap<Sequelize, WebhookBackend>();\nlet cached: Foo | undefined;\nconst LIMIT = 3;\nfunction f() { const inner = new Map(); }\n`,
      ts.ScriptTarget.ES2022,
      true,
    );
    assert.deepEqual(moduleState(sample), [
      { name: 'backends', made: 'new WeakMap' },
      { name: 'cached', made: 'let' },
    ]);
    assert.deepEqual(importsOf(ts.createSourceFile('y.ts', `import type { Response } from 'express';\nconst m = require('./x');`, ts.ScriptTarget.ES2022, true)), ['express', './x']);
  });

  it('when domain code is scanned, then it never raises a 5xx ApiError (it throws domain errors the HTTP layer maps)', () => {
    const fivexx = /new ApiError\(\s*5\d\d\b|\bunavailable\(\s*'|['"]internal_error['"]|['"]service_unavailable['"]/;
    const offenders = sources('api/src/domain')
      .filter((f) => f !== 'api/src/domain/errors.ts')
      .flatMap((f) =>
        fs
          .readFileSync(path.join(ROOT, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
          .filter(({ line }) => fivexx.test(line) && !/^\s*(\/\/|\*)/.test(line)),
      )
      .map((o) => `${o.at}: ${o.line.trim()}`);
    assert.deepEqual(offenders, []);
  });

  it('when each domain error reaches the HTTP layer, then it is its catalogued status and code; an invariant is a 500 that does not send its detail', () => {
    const status = (code: string) => (ERROR_CODES as Record<string, readonly [number, string]>)[code][0];
    const nf = toApiError(new NotFoundError('account', 'acct_x'));
    assert.deepEqual([nf.status, nf.code, nf.message], [404, 'resource_not_found', "No account with id 'acct_x'."]);
    const v = toApiError(new ValidationError('Credit amount out of range.', [{ path: 'amount', message: 'out of range' }]));
    assert.deepEqual([v.status, v.code, v.errors], [422, 'validation_failed', [{ path: 'amount', message: 'out of range' }]]);
    const precise = toApiError(new ValidationError('Too many.', [{ path: 'variants', message: 'at most 3' }], 'too_many_variants'));
    assert.deepEqual([precise.status, precise.code], [status('too_many_variants'), 'too_many_variants']);
    const c = toApiError(new ConflictError('external_id_conflict', 'Taken.'));
    assert.deepEqual([c.status, c.code], [409, 'external_id_conflict']);
    const u = toApiError(new UnavailableError('Storage is unreachable.'));
    assert.deepEqual([u.status, u.code, u.headers?.['Retry-After']], [503, 'service_unavailable', '5']);
    const bug = new InvariantError("No price for product 'loop'.");
    const i = toApiError(bug);
    assert.deepEqual([i.status, i.code], [500, 'internal_error']);
    assert.doesNotMatch(i.message, /loop/, 'the detail of a broken invariant stays in the logs');
    assert.equal(i.cause, bug, 'and is logged with the cause');
  });

  describe('EventSink over a real HTTP response', () => {
    let server: http.Server;
    let base: string;
    const streams = new OpenStreams();
    const opened: EventSink[] = [];
    const scripts: Record<string, (sink: EventSink) => void> = {
      messages: (sink) => {
        sink.retry(1000);
        sink.comment('streaming everything\nfor test');
        sink.send({ id: 'evt_1', event: 'video_mix.queued', data: { a: 1 } });
        sink.send({ id: null, event: 'progress', data: { fraction: 0.5 } });
        sink.close();
      },
      nothing: (sink) => sink.close(),
      held: (sink) => sink.comment('open'),
    };

    before(async () => {
      const app = express();
      app.get('/:script', (req, res) => {
        const sink = sseSink(res, streams);
        opened.push(sink);
        scripts[req.params.script](sink);
      });
      server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('when a service writes messages and closes, then the client reads text/event-stream blocks in order, and the sink reports closed', async () => {
      const res = await fetch(`${base}/messages`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(res.headers.get('cache-control'), 'no-cache, no-transform');
      assert.equal(
        await res.text(),
        'retry: 1000\n\n: streaming everything\n: for test\n\nid: evt_1\nevent: video_mix.queued\ndata: {"a":1}\n\nevent: progress\ndata: {"fraction":0.5}\n\n',
      );
      assert.equal(opened.at(-1)!.closed, true);
    });

    it('when a stream is closed before anything was written, then the answer is 204 (EventSource stops reconnecting)', async () => {
      const res = await fetch(`${base}/nothing`);
      assert.equal(res.status, 204);
      assert.equal(await res.text(), '');
    });

    it('when the process shuts down, then every open stream ends with the retry hint and onClose runs; a client that left is no longer tracked', async () => {
      const left = new AbortController();
      const gone = await fetch(`${base}/held`, { signal: left.signal });
      const goneSink = opened.at(-1)!;
      const goneClosed = new Promise<void>((resolve) => goneSink.onClose(resolve));
      left.abort();
      await gone.body?.cancel().catch(() => {});
      await goneClosed;
      const res = await fetch(`${base}/held`);
      const sink = opened.at(-1)!;
      const closed = new Promise<void>((resolve) => sink.onClose(resolve));
      assert.equal(streams.size, 1);
      streams.endAll(2500);
      await closed;
      assert.equal(await res.text(), ': open\n\nretry: 2500\n\n');
      assert.equal(streams.size, 0);
    });
  });

  it('when the composition root builds the dependencies, then nothing connects until asked, and closing them ends at once', async () => {
    // Nothing listens on these ports: a connection attempt would fail (and be seen in `status`).
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none', REDIS_URL: 'redis://127.0.0.1:9' });
    const deps = createAppDeps(config, pino({ level: 'silent' }));
    assert.equal(deps.redis.status, 'wait');
    assert.equal(deps.webhooks.kind, 'builtin');
    assert.deepEqual(Object.keys(deps.queues).sort(), ['gpu', 'image', 'media']);
    const started = Date.now();
    await closeAppDeps(deps, { streamRetryMs: 1000, queueTimeoutMs: 500 });
    assert.ok(Date.now() - started < 2000, `closed in ${Date.now() - started} ms`);
  });
});
