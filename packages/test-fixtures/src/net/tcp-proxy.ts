import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { type ConnectionCounts, countConnections, withConnectionCounts } from './connection-counter.js';
import { listenOnLoopback } from './listen-on-loopback.js';

/** Which way a chunk travels through the proxy. */
export type ProxyDirection = 'client-to-server' | 'server-to-client';

/** One chunk as the proxy received it (before its delay), for traces of a session. */
export interface ProxyChunkEvent {
  /** Which proxied connection (1-based, in order of arrival) carried it. */
  connection: number;
  direction: ProxyDirection;
  bytes: number;
  /** The chunk itself (not copied: read it, do not change it). */
  data: Buffer;
  /** `performance.now()` when the proxy received it. */
  at: number;
  /** Whether this client chunk started a new flight (the server had spoken since the last one). */
  newFlight: boolean;
}

/** Where a {@link startTcpProxy} forwards to, and the latency and connection cuts it adds on the way. */
export interface TcpProxyOptions {
  target: { host: string; port: number };
  /**
   * Delay added to every chunk in each direction, in ms (one round trip costs 2 × delayMs),
   * keeping the chunks' order: a distant server in front of a local one. Default 0.
   */
  delayMs?: number;
  /** Called for every chunk as it arrives (before its delay). */
  onChunk?: (event: ProxyChunkEvent) => void;
  /** Share of connections that are cut, 0–1, without a reply. Default 0. */
  dropRate?: number;
  /**
   * A cut connection is destroyed after this many bytes have passed (both directions together),
   * drawn uniformly from 0 to this value: before the greeting, mid-EHLO, mid-DATA … Default 4000.
   */
  maxBytesBeforeDrop?: number;
  /**
   * Draws the byte a cut connection is cut at, from `random`; default uniform from 0 to
   * `maxBytesBeforeDrop`. A test can weight it, e.g. towards a session's first bytes.
   */
  dropAfterBytes?: (random: () => number) => number;
  /**
   * Cuts a dropped connection at a moment instead of a byte: this many ms after it opened, drawn
   * from `random` (a server restart, a load balancer or a NAT timing out comes at a random time,
   * whatever the session is doing). Chunks still on their way are lost. Replaces the byte draw.
   */
  dropAfterMs?: (random: () => number) => number;
  /** Random source for drops, for reproducible runs (see `seededRandom`). Default `Math.random`. */
  random?: () => number;
  /**
   * Share of the cuts, 0–1, that reset both sockets (TCP RST) instead of closing them (FIN), as a
   * crashed server or a stateful firewall does. Default 0 (no extra draw from `random`).
   */
  resetRate?: number;
  /** Called when the proxy cuts a connection on purpose, with the bytes it passed on last. */
  onDrop?: (event: ProxyDropEvent) => void;
}

/** A cut the proxy made on purpose (`dropRate`). */
export interface ProxyDropEvent {
  connection: number;
  /** The way the chunk that reached the cut point was travelling; absent for a cut at connect. */
  direction?: ProxyDirection;
  /** The part of that chunk passed on before the cut (the peer may get half a command). */
  forwarded: Buffer;
  /** Whether the sockets were reset (RST) rather than closed. */
  reset: boolean;
  /**
   * What each way had received and not yet passed on when the cut came (still within `delayMs`,
   * or, for a byte cut, the rest of its chunk): lost, as bytes on the wire are when a connection
   * dies. A client that wrote a message's terminating dot among them cannot know whether its
   * server got it.
   */
  lostInFlight: Record<ProxyDirection, Buffer>;
}

/** The proxy's counts: `connectionCount`, `openConnections` and `peakConnections` are client connections. */
export interface TcpProxy extends ConnectionCounts {
  host: string;
  port: number;
  /** Connections the proxy cut on purpose (`dropRate`). */
  readonly droppedCount: number;
  /**
   * Client→server flights, summed over connections: a client chunk counts as a new flight when
   * the server has sent something since the client's previous chunk (the first client chunk of a
   * connection counts too). Pipelined commands sent without waiting share one flight. The TCP
   * handshake is not a chunk, so it is not included: add `connectionCount` for it.
   */
  readonly flights: number;
  /** Destroys every proxied socket at once and stops listening. */
  close: () => Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 between a client and a local server: it adds latency (`delayMs` on
 * every chunk, order kept) and cuts a share of its connections at a random byte (`dropRate`),
 * what a distant server, a flaky network, a restarting server or a stateful firewall does to a
 * session. It counts connections, drops and client flights (round trips) and can trace chunks.
 *
 * Nagle's algorithm is off on both of its sockets, so the proxy itself adds no stall; the
 * client's own socket settings still apply. Half-closes and resets are passed on in order, after
 * the chunks before them. The TCP handshake is not delayed (the client connects to the proxy on
 * loopback), so a new connection looks about 1.5 round trips cheaper than on a real network.
 */
export const startTcpProxy = async (options: TcpProxyOptions): Promise<TcpProxy> => {
  const {
    delayMs = 0,
    onChunk,
    onDrop,
    dropRate = 0,
    maxBytesBeforeDrop = 4000,
    random = Math.random,
    resetRate = 0,
    dropAfterBytes = (draw: () => number) => Math.floor(draw() * maxBytesBeforeDrop),
    dropAfterMs,
  } = options;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const connections = countConnections();
  let droppedCount = 0;
  let flights = 0;
  let closed = false;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // Resets are part of the traffic being proxied: they are passed on through `close`.
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  };

  /** Runs actions `delayMs` after they are queued, never before an earlier one: order is kept. */
  const delayedQueue = () => {
    let lastScheduled = 0;
    return (action: () => void) => {
      if (closed) {
        return;
      }
      if (delayMs === 0) {
        action();
        return;
      }
      const at = Math.max(performance.now() + delayMs, lastScheduled);
      lastScheduled = at;
      const timer = setTimeout(
        () => {
          timers.delete(timer);
          action();
        },
        Math.max(0, at - performance.now()),
      );
      timers.add(timer);
    };
  };

  // allowHalfOpen: a client's FIN must reach the server only after the data before it.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const connection = connections.arrived();
    connections.opened();
    const upstream = connect({ host: options.target.host, port: options.target.port, allowHalfOpen: true });
    track(client);
    track(upstream);
    const dropped = random() < dropRate;
    const dropAt = dropped && dropAfterMs ? dropAfterMs(random) : undefined;
    const dropAfter = dropped && dropAt === undefined ? dropAfterBytes(random) : Number.POSITIVE_INFINITY;
    let passed = 0;
    let cutting = false;
    let serverSpoke = true;
    let closedSides = 0;

    const reset = dropped && resetRate > 0 && random() < resetRate;
    /** Chunks received and not yet written on, per way, oldest first. */
    const inFlight: Record<ProxyDirection, Buffer[]> = { 'client-to-server': [], 'server-to-client': [] };
    /** `rest`: the part of the chunk a byte cut came in that it does not pass on. */
    const cut = (
      direction: ProxyDirection | undefined,
      forwarded: Buffer,
      rest: Buffer = Buffer.alloc(0),
    ) => {
      droppedCount += 1;
      const lost = (way: ProxyDirection) =>
        Buffer.concat([...inFlight[way], ...(way === direction ? [rest] : [])]);
      onDrop?.({
        connection,
        direction,
        forwarded,
        reset,
        lostInFlight: {
          'client-to-server': lost('client-to-server'),
          'server-to-client': lost('server-to-client'),
        },
      });
      if (reset) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      } else {
        client.destroy();
        upstream.destroy();
      }
    };

    const forward = (from: Socket, to: Socket, direction: ProxyDirection) => {
      const later = delayedQueue();
      from.on('data', (chunk: Buffer) => {
        if (cutting) {
          return;
        }
        let newFlight = false;
        if (direction === 'client-to-server') {
          newFlight = serverSpoke;
          serverSpoke = false;
          flights += newFlight ? 1 : 0;
        } else {
          serverSpoke = true;
        }
        onChunk?.({
          connection,
          direction,
          bytes: chunk.length,
          data: chunk,
          at: performance.now(),
          newFlight,
        });
        if (passed + chunk.length > dropAfter) {
          // Pass the part before the cut, then drop without a reply: the peer may get half a command.
          cutting = true;
          const before = chunk.subarray(0, Math.max(0, dropAfter - passed));
          later(() => {
            to.write(before);
            cut(direction, before, chunk.subarray(before.length));
          });
          return;
        }
        passed += chunk.length;
        inFlight[direction].push(chunk);
        later(() => {
          inFlight[direction].shift();
          if (!to.destroyed) {
            to.write(chunk);
          }
        });
      });
      from.on('end', () => later(() => to.end()));
      // A reset (or a full close) reaches the other side after the data already in flight.
      from.on('close', () => {
        closedSides += 1;
        if (closedSides === 2) {
          connections.closed();
        }
        later(() => to.destroy());
      });
    };
    forward(client, upstream, 'client-to-server');
    forward(upstream, client, 'server-to-client');
    if (dropAfter === 0) {
      cutting = true;
      cut(undefined, Buffer.alloc(0));
    }
    if (dropAt !== undefined) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        // Bytes a peer wrote before this moment may still wait in the kernel for this event loop
        // to read them: they are on the wire, so they are read first (the poll phase comes before
        // setImmediate) and lost with the cut, instead of vanishing unseen.
        setImmediate(() => {
          if (!closed && !cutting && !client.destroyed) {
            cutting = true;
            cut(undefined, Buffer.alloc(0));
          }
        });
      }, dropAt);
      timers.add(timer);
    }
  });

  await listenOnLoopback(server);
  const { port } = server.address() as AddressInfo;

  return withConnectionCounts<TcpProxy>(
    {
      host: '127.0.0.1',
      port,
      get droppedCount() {
        return droppedCount;
      },
      get flights() {
        return flights;
      },
      close: () =>
        new Promise<void>((resolve) => {
          closed = true;
          for (const timer of timers) {
            clearTimeout(timer);
          }
          timers.clear();
          for (const socket of sockets) {
            socket.destroy();
          }
          server.close(() => resolve());
        }),
    },
    connections.counts,
  );
};
