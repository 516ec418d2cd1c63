import { connect, type Socket } from 'node:net';
import { startLoopbackServer } from './loopback-server.js';

export interface TcpProxyOptions {
  target: { host: string; port: number };
  /** Share of connections that are cut, 0–1. Default 0. */
  dropRate?: number;
  /**
   * Delay added to every chunk in each direction, in ms (so one round trip costs 2 × delayMs),
   * keeping the order of the chunks: a slow network in front of a fast server.
   */
  delayMs?: number;
  /**
   * A cut connection is destroyed after this many bytes have passed (both directions together),
   * drawn uniformly from 0 to `maxBytesBeforeDrop`: before the greeting, mid-EHLO, mid-DATA …
   */
  maxBytesBeforeDrop?: number;
  /** Random source, for reproducible runs. */
  random?: () => number;
}

export interface TcpProxy {
  host: string;
  port: number;
  readonly connectionCount: number;
  readonly droppedCount: number;
  /**
   * Round trips seen so far: each time the client sends after the server last spoke, summed
   * over connections (the connection's own first flight, the SYN, is counted as one too).
   */
  readonly roundTrips: number;
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
 * A TCP proxy that adds latency and cuts a share of its connections at a random point, without
 * a reply: what a distant server, a flaky network, a restarting server or a stateful firewall
 * does to an SMTP session.
 */
export const startTcpProxy = async (options: TcpProxyOptions): Promise<TcpProxy> => {
  const random = options.random ?? Math.random;
  const dropRate = options.dropRate ?? 0;
  const delayMs = options.delayMs ?? 0;
  let roundTrips = 0;
  const maxBytes = options.maxBytesBeforeDrop ?? 4000;
  let connectionCount = 0;
  let droppedCount = 0;

  const server = await startLoopbackServer((client, track) => {
    connectionCount += 1;
    const upstream = connect(options.target);
    track(upstream);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
    }
    const dropAfter = random() < dropRate ? Math.floor(random() * maxBytes) : Number.POSITIVE_INFINITY;
    let passed = 0;
    // Who spoke last: a client flight after the server spoke is a new round trip.
    let lastSpeaker: 'client' | 'server' = 'server';
    const cut = () => {
      droppedCount += 1;
      client.destroy();
      upstream.destroy();
    };
    const forward = (from: Socket, to: Socket, speaker: 'client' | 'server') => {
      // Each chunk leaves `delayMs` after it arrived, never before the previous one.
      let releaseAt = 0;
      const later = (action: () => void) => {
        if (delayMs === 0) {
          action();
          return;
        }
        releaseAt = Math.max(Date.now() + delayMs, releaseAt);
        setTimeout(action, releaseAt - Date.now());
      };
      from.on('data', (chunk: Buffer) => {
        if (speaker === 'client' && lastSpeaker === 'server') {
          roundTrips += 1;
        }
        lastSpeaker = speaker;
        if (passed + chunk.length > dropAfter) {
          // Pass the part before the cut, then drop: the peer may get half a command.
          to.write(chunk.subarray(0, Math.max(0, dropAfter - passed)));
          cut();
          return;
        }
        passed += chunk.length;
        later(() => to.write(chunk));
      });
      from.on('end', () => later(() => to.end()));
      from.on('close', () => later(() => to.destroy()));
    };
    if (dropAfter === 0) {
      cut();
      return;
    }
    forward(client, upstream, 'client');
    forward(upstream, client, 'server');
  });

  return {
    host: server.host,
    port: server.port,
    get connectionCount() {
      return connectionCount;
    },
    get droppedCount() {
      return droppedCount;
    },
    get roundTrips() {
      return roundTrips;
    },
    close: server.close,
  };
};
