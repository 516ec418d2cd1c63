import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { startLoopbackServer } from '../net/loopback-server.js';
import { type NaverEndpointUrls, naverEndpointsAt } from './endpoints.js';

/**
 * What a broken Naver (or a broken proxy in front of it) does with each connection, on real
 * sockets rather than nock:
 *
 * - `stall`: accepts, reads the request, never answers.
 * - `reset`: accepts, reads the request, answers with a TCP RST.
 * - `close`: accepts, reads the request, closes without a byte (a clean FIN).
 * - `headers-then-stall`: sends `200` headers announcing a body, then nothing.
 * - `partial-then-reset`: sends headers and half the announced body, then a RST.
 * - `endless-body`: sends a chunked `200` body that never ends (a runaway proxy).
 */
export type NaverSocketFault =
  | 'stall'
  | 'reset'
  | 'close'
  | 'headers-then-stall'
  | 'partial-then-reset'
  | 'endless-body';

/** A running server that answers every Naver endpoint with one {@link NaverSocketFault}. */
export interface FaultyNaver {
  /** The four endpoints, all on this server. */
  readonly endpoints: Readonly<NaverEndpointUrls>;
  /** TCP connections accepted so far: one per attempt (a failed socket is never reused). */
  readonly connections: number;
  /** Closes every socket, then the server. */
  close(): Promise<void>;
}

const onRequest = (socket: Socket, fault: NaverSocketFault) => {
  let timer: NodeJS.Timeout | undefined;
  socket.on('close', () => clearInterval(timer));
  switch (fault) {
    case 'stall': {
      return;
    }
    case 'reset': {
      socket.resetAndDestroy();
      return;
    }
    case 'close': {
      socket.end();
      return;
    }
    case 'headers-then-stall': {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n');
      return;
    }
    case 'partial-then-reset': {
      socket.write(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\n\r\n{"access_token":"abc',
      );
      setTimeout(() => socket.resetAndDestroy(), 20);
      return;
    }
    case 'endless-body': {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n');
      const chunk = `{"pad":"${'x'.repeat(4096)}",`;
      const frame = `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
      timer = setInterval(() => {
        if (!socket.destroyed) {
          socket.write(frame);
        }
      }, 1);
      return;
    }
  }
};

/**
 * Starts a loopback HTTP "Naver" that misbehaves on every connection in the same way.
 *
 * @example
 * const broken = await startFaultyNaver('stall');
 * const connector = await createNaverConnector({ endpoints: { profile: broken.endpoints.profile }, timeoutMs: 100 })(…);
 */
export const startFaultyNaver = async (fault: NaverSocketFault): Promise<FaultyNaver> => {
  let connections = 0;
  const server = await startLoopbackServer((socket) => {
    connections += 1;
    // Act once the request has arrived, as a real server would.
    socket.once('data', () => onRequest(socket, fault));
  });
  const base = `http://${server.host}:${server.port}`;
  return {
    endpoints: naverEndpointsAt(base),
    get connections() {
      return connections;
    },
    close: server.close,
  };
};

/** Naver's endpoints on a port whose TCP handshake never completes, to test the connect phase's time limit. */
export interface UnconnectableNaver {
  /** The four endpoints, on a port whose TCP handshake never completes. */
  readonly endpoints: Readonly<NaverEndpointUrls>;
  /** Whether the last filler's handshake was left hanging, i.e. the kernel is dropping SYNs. */
  readonly stallsAtConnect: boolean;
  close(): Promise<void>;
}

/** The listener: its thread blocks right after `listen`, so the kernel queues, then drops, SYNs. */
const stalledListenerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData), 0, 0);
  server.close();
});
`;

/** Resolves `true` once the socket connects, `false` if it is still connecting after `waitMs`. */
const connects = (socket: Socket, waitMs: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/**
 * A loopback port where `connect()` hangs, so the connect phase itself times out: a worker thread
 * listens with a tiny backlog and never accepts (its event loop is blocked); filler connections
 * take the queue slots, and Linux then drops every further SYN, as a firewall that silently drops
 * packets would. `stallsAtConnect` tells whether that worked on this platform.
 */
export const startUnconnectableNaver = async (): Promise<UnconnectableNaver> => {
  const wake = new SharedArrayBuffer(4);
  const worker = new Worker(stalledListenerSource, { eval: true, workerData: wake });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const fillers: Socket[] = [];
  let stallsAtConnect = false;
  while (!stallsAtConnect && fillers.length < 16) {
    const filler = connect(port, '127.0.0.1');
    filler.on('error', () => {});
    fillers.push(filler);
    stallsAtConnect = !(await connects(filler, 100));
  }
  const base = `http://127.0.0.1:${port}`;
  return {
    endpoints: naverEndpointsAt(base),
    stallsAtConnect,
    close: async () => {
      for (const filler of fillers) {
        filler.destroy();
      }
      const view = new Int32Array(wake);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
      await worker.terminate();
    },
  };
};
