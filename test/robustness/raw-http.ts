import net from 'node:net';

export interface RawRequest {
  method?: string;
  path: string;
  headers: Record<string, string>;
  /** The bytes actually sent after the head (may be fewer than `contentLength` declares). */
  body: Buffer;
  /** Content-Length to declare; default `body.length`. `'chunked'` frames `body` as one chunked message. */
  contentLength?: number | 'chunked';
  /** Write the body this many bytes at a time (1: one byte per write), yielding between writes. */
  writeSize?: number;
  /**
   * After the body: `wait` for the answer; `half-close` (FIN) and wait for whatever comes;
   * `abort` (destroy the socket at once, answer unread).
   */
  then?: 'wait' | 'half-close' | 'abort';
  timeoutMs?: number;
}

export interface RawResponse {
  /** null when no status line came back (aborted, or the server closed without answering). */
  status: number | null;
  text: string;
  /** The connection failed before an answer (reset, refused…). */
  error?: string;
}

/**
 * One HTTP/1.1 exchange over a bare TCP socket, so the body can be anything: cut short, framed
 * wrong, dripped byte by byte, or abandoned. Sends `Connection: close` and reads until the server
 * closes (or `timeoutMs`).
 */
export function rawExchange(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const then = req.then ?? 'wait';
  const declared = req.contentLength ?? req.body.length;
  const headers: Record<string, string> = { host: url.host, connection: 'close', ...req.headers };
  if (declared === 'chunked') headers['transfer-encoding'] = 'chunked';
  else headers['content-length'] = String(declared);
  const head = Buffer.from(`${req.method ?? 'POST'} ${req.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`, 'latin1');
  const body = declared === 'chunked' ? Buffer.concat([Buffer.from(`${req.body.length.toString(16)}\r\n`), req.body, Buffer.from('\r\n0\r\n\r\n')]) : req.body;

  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let done = false;
    const finish = (error?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text, ...(error && !m ? { error } : {}) });
    };
    const timer = setTimeout(() => finish('timeout'), req.timeoutMs ?? 5000);
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
    socket.setNoDelay(true);

    const write = (buf: Buffer) => new Promise<void>((ok) => (socket.write(buf) ? setImmediate(ok) : socket.once('drain', ok)));
    socket.once('connect', async () => {
      try {
        await write(head);
        const step = req.writeSize ?? 64 * 1024;
        for (let i = 0; i < body.length && !done; i += step) await write(body.subarray(i, i + step));
      } catch {
        return finish('write failed');
      }
      if (done) return;
      if (then === 'abort') return finish('aborted by the test');
      if (then === 'half-close') socket.end();
    });
  });
}
