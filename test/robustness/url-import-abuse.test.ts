import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import type { Sequelize } from 'sequelize';
import { createDatabase } from '../../api/src/domain/db/connect';
import { call, createTestAccount, testServices } from '../support/harness';
import { startApiProcess, type ApiProcess } from './api-process';

/**
 * URL imports from a server that misbehaves at the TCP level (resets, cuts, garbage, endless
 * headers, bad chunking, stalls): each import fails with a 422 `import_failed`, the API process
 * keeps serving and no temp file is left behind.
 */

const MiB = 1024 * 1024;

/** A bare TCP server that answers each path its own broken way. */
function startNastyServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let head = '';
    socket.on('data', (d: Buffer) => {
      if (head.includes('\r\n\r\n')) return;
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = /^GET (\S+)/.exec(head)?.[1] ?? '/';
      const ok = (length: number) => `HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: ${length}\r\n\r\n`;
      const filler = Buffer.alloc(256 * 1024, 0x61);
      switch (path) {
        case '/reset-mid-body':
          socket.write(ok(4 * MiB));
          socket.write(filler, () => setTimeout(() => socket.resetAndDestroy(), 20));
          break;
        case '/reset-after-head':
          socket.write(ok(4 * MiB), () => socket.resetAndDestroy());
          break;
        case '/close-mid-body':
          socket.write(ok(4 * MiB));
          socket.end(Buffer.concat([filler, filler, filler, filler, filler]));
          break;
        case '/garbage':
          socket.end('this is not HTTP at all\r\n\r\n');
          break;
        case '/huge-headers':
          socket.end(`HTTP/1.1 200 OK\r\nx-big: ${'h'.repeat(200 * 1024)}\r\ncontent-length: 1\r\n\r\na`);
          break;
        case '/bad-chunks':
          socket.end(`HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\nzz\r\nnot a chunk\r\n`);
          break;
        case '/stall':
          socket.write(ok(4 * MiB));
          socket.write(filler); // then nothing until the import's deadline
          break;
        case '/redirect-to-reset':
          socket.end(`HTTP/1.1 302 Found\r\nlocation: /reset-mid-body\r\ncontent-length: 0\r\n\r\n`);
          break;
        default:
          socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      }),
    ),
  );
}

describe('Robustness: URL imports from a misbehaving server never take the API process down', function () {
  this.timeout(120_000);
  let db: Sequelize;
  let api: ApiProcess;
  let nasty: Awaited<ReturnType<typeof startNastyServer>>;
  let key: string;

  before(async () => {
    const svc = await testServices();
    db = createDatabase({ databaseUrl: svc.databaseUrl, poolMax: 1, statementTimeoutMs: 10_000 });
    key = (await createTestAccount(db)).test;
    nasty = await startNastyServer();
    api = await startApiProcess({ IMPORT_ALLOWLIST: '127.0.0.1', IMPORT_TIMEOUT_MS: '1500', RATE_LIMIT_PER_WINDOW: '0' });
  });
  after(async () => {
    await api?.stop();
    await nasty?.close();
    await db?.close();
  });

  it('answers 422 import_failed for every broken download, and survives them all at once', async () => {
    const paths = ['/reset-mid-body', '/reset-after-head', '/close-mid-body', '/garbage', '/huge-headers', '/bad-chunks', '/stall', '/redirect-to-reset'];
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(paths.map((p) => call(api.baseUrl, 'POST', '/v1/files', { key, body: { url: `http://127.0.0.1:${nasty.port}${p}` } })));
      results.forEach((r, i) => {
        assert.equal(r.status, 422, `${paths[i]}: ${r.text}`);
        assert.equal(r.body.code, 'import_failed', paths[i]);
      });
      assert.equal(api.exit(), null, api.output());
      assert.equal((await fetch(`${api.baseUrl}/health`)).status, 200);
      assert.doesNotMatch(api.output(), /uncaught|unhandled/i);
      const deadline = Date.now() + 5000;
      let left: string[] = [];
      do {
        left = fs.existsSync(api.tmpDir) ? fs.readdirSync(api.tmpDir) : [];
        if (left.length) await new Promise((r) => setTimeout(r, 100));
      } while (left.length && Date.now() < deadline);
      assert.deepEqual(left, [], 'temp files left behind');
    }
  });
});
