import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

export interface DroppingProxyOptions {
  target: { host: string; port: number };
  /** Share of connections that are cut, 0–1. */
  dropRate: number;
  /**
   * A cut connection is destroyed after this many bytes have passed (both directions together),
   * drawn uniformly from 0 to `maxBytesBeforeDrop`: before the greeting, mid-EHLO, mid-DATA …
   */
  maxBytesBeforeDrop?: number;
  /** Random source, for reproducible runs. */
  random?: () => number;
}

export interface DroppingProxy {
  host: string;
  port: number;
  readonly connectionCount: number;
  readonly droppedCount: number;
  close: () => Promise<void>;
}

/** A small deterministic PRNG (mulberry32), so a failing fault run can be replayed. */
export const seededRandom = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/**
 * A TCP proxy that cuts a share of its connections at a random point, without a reply: what a
 * flaky network, a restarting server or a stateful firewall does to an SMTP session.
 */
export const startDroppingProxy = async (options: DroppingProxyOptions): Promise<DroppingProxy> => {
  const random = options.random ?? Math.random;
  const maxBytes = options.maxBytesBeforeDrop ?? 4000;
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  let droppedCount = 0;

  const server = createServer((client) => {
    connectionCount += 1;
    const upstream = connect(options.target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    const dropAfter =
      random() < options.dropRate ? Math.floor(random() * maxBytes) : Number.POSITIVE_INFINITY;
    let passed = 0;
    const cut = () => {
      droppedCount += 1;
      client.destroy();
      upstream.destroy();
    };
    const forward = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => {
        if (passed + chunk.length > dropAfter) {
          // Pass the part before the cut, then drop: the peer may get half a command.
          to.write(chunk.subarray(0, Math.max(0, dropAfter - passed)));
          cut();
          return;
        }
        passed += chunk.length;
        to.write(chunk);
      });
      from.on('end', () => to.end());
      from.on('close', () => to.destroy());
    };
    if (dropAfter === 0) {
      cut();
      return;
    }
    forward(client, upstream);
    forward(upstream, client);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    get connectionCount() {
      return connectionCount;
    },
    get droppedCount() {
      return droppedCount;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
};
