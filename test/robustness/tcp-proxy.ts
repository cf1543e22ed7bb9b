import net from 'node:net';

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  held: boolean;
}

/**
 * A TCP proxy in front of a real server (PostgreSQL here) that a test can break: refuse new
 * connections, reset every connection, or hold what clients send on the open ones; and restore.
 */
export interface TcpProxy {
  port: number;
  /** The upstream sockets' local ports: what the server sees as the clients' ports. */
  upstreamPorts(): number[];
  /** Stop listening and drop every connection: new connections are refused. */
  refuse(): Promise<void>;
  /** Keep listening, but reset every connection, open or new. */
  reset(): void;
  /** Stop forwarding what clients send on the connections open now (the server side still flows). */
  hold(): void;
  /** Forward normally again (listening again on the same port if needed). */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: 'forward' | 'reset' = 'forward';
  let port = 0;

  const drop = (p: Pair) => {
    p.client.destroy();
    p.upstream.destroy();
    pairs.delete(p);
  };

  const onConnection = (client: net.Socket) => {
    client.on('error', () => {});
    if (mode === 'reset') return void client.resetAndDestroy();
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => {});
    const pair: Pair = { client, upstream, held: false };
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => drop(pair));
    upstream.on('close', () => drop(pair));
  };

  let server = net.createServer(onConnection);
  const listen = (p: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(0);
  port = (server.address() as net.AddressInfo).port;

  const closeServer = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  return {
    port,
    upstreamPorts: () => [...pairs].map((p) => p.upstream.localPort).filter((n): n is number => typeof n === 'number'),
    async refuse() {
      const closed = closeServer();
      for (const p of [...pairs]) drop(p);
      await closed;
    },
    reset() {
      mode = 'reset';
      for (const p of [...pairs]) {
        p.client.resetAndDestroy();
        p.upstream.destroy();
        pairs.delete(p);
      }
    },
    hold() {
      for (const p of pairs) {
        p.held = true;
        p.client.unpipe(p.upstream);
        p.client.pause();
      }
    },
    async restore() {
      mode = 'forward';
      for (const p of pairs) {
        if (!p.held) continue;
        p.held = false;
        p.client.pipe(p.upstream);
        p.client.resume();
      }
      if (!server.listening) {
        server = net.createServer(onConnection);
        await listen(port);
      }
    },
    async close() {
      for (const p of [...pairs]) drop(p);
      await closeServer();
    },
  };
}
