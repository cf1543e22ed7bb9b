import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * The upload baseline: a bare Node `http` server, in its own process like the API, that streams
 * each request body (no multipart, no parsing, no hashing) into a file under UPLOAD_DIR and answers
 * 201 `{bytes, path}` once the file is closed. The caller removes the file.
 */
const dir = process.env.UPLOAD_DIR;
if (!dir) throw new Error('UPLOAD_DIR is required');
fs.mkdirSync(dir, { recursive: true });
let seq = 0;

const server = http.createServer(async (req, res) => {
  const file = path.join(dir, `body-${process.pid}-${++seq}`);
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  try {
    await pipeline(req, out);
    res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ bytes: out.bytesWritten, path: file }));
  } catch (err) {
    await fs.promises.rm(file, { force: true });
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
  }
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
