import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/**
 * A self-hosted, Cog-style prediction server on 127.0.0.1 for the cluster run: `POST /predictions`
 * with `{input}` answers, after a short random "GPU" delay, a finished prediction whose output is a
 * PNG data URI of the requested size. The workers' `replicate` provider calls it (REPLICATE_BASE_URL),
 * so live avatar and pose-generation jobs run (and are charged) offline. Nothing here is AI.
 */
export interface ModelServer {
  url: string;
  /** Predictions answered. */
  calls(): number;
  close(): Promise<void>;
}

export async function startModelServer(opts: { minDelayMs: number; maxDelayMs: number }): Promise<ModelServer> {
  const images = new Map<string, Promise<Buffer>>();
  const imageOf = (width: number, height: number) => {
    const key = `${width}x${height}`;
    let image = images.get(key);
    if (!image) {
      image = sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 150 } } }).png().toBuffer();
      images.set(key, image);
    }
    return image;
  };
  let calls = 0;
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/predictions') return void res.writeHead(404).end();
      let input: { width?: number; height?: number };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')).input ?? {};
      } catch {
        return void res.writeHead(400).end();
      }
      const width = Math.min(2048, Math.max(8, Number(input.width) || 512));
      const height = Math.min(2048, Math.max(8, Number(input.height) || 512));
      const wait = opts.minDelayMs + Math.random() * (opts.maxDelayMs - opts.minDelayMs);
      setTimeout(() => {
        imageOf(width, height)
          .then((png) => {
            calls++;
            const body = JSON.stringify({ id: `pred_${++n}`, status: 'succeeded', output: [`data:image/png;base64,${png.toString('base64')}`] });
            res.writeHead(200, { 'content-type': 'application/json' }).end(body);
          })
          .catch(() => res.writeHead(500).end());
      }, wait);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls: () => calls,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
