import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.js';
import {
  type ProxyChunkEvent,
  type ProxyDropEvent,
  startTcpProxy,
  type TcpProxy,
  type TcpProxyOptions,
} from './tcp-proxy.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup();
  }
});

/** An echo server that sends each chunk back and passes the client's FIN back too. */
const startEcho = async () => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.pipe(socket);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  );
  return { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
};

/** Starts a proxy, closed after the test; in front of a new echo server unless `target` is given. */
const startProxy = async (options: Partial<TcpProxyOptions>): Promise<TcpProxy> => {
  const proxy = await startTcpProxy({ ...options, target: options.target ?? (await startEcho()) });
  cleanups.push(proxy.close);
  return proxy;
};

const connectTo = async (proxy: TcpProxy) => {
  const socket = connect(proxy.port, proxy.host);
  socket.setNoDelay(true);
  cleanups.push(async () => {
    socket.destroy();
  });
  await once(socket, 'connect');
  return socket;
};

/** Collects what the socket receives until it has `length` bytes. */
const receive = (socket: Socket, length: number) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received >= length) {
        socket.off('data', onData);
        resolve(Buffer.concat(chunks));
      }
    };
    socket.on('data', onData);
  });

describe('startTcpProxy', () => {
  it('passes bytes through in order, both small writes and a large payload', async () => {
    const proxy = await startProxy({ delayMs: 5 });
    const socket = await connectTo(proxy);
    const payload = Buffer.concat([
      Buffer.from('first,'),
      Buffer.from('second,'),
      Buffer.alloc(512 * 1024, 'x'),
      Buffer.from('last'),
    ]);
    const received = receive(socket, payload.length);
    // Written at different moments, so the chunks are scheduled at different times.
    socket.write('first,');
    await new Promise((resolve) => setTimeout(resolve, 1));
    socket.write('second,');
    socket.write(Buffer.alloc(512 * 1024, 'x'));
    socket.write('last');
    expect((await received).equals(payload)).toBe(true);
  });

  it('adds the delay in each direction: a round trip takes at least two delays', async () => {
    const delayMs = 40;
    const proxy = await startProxy({ delayMs });
    const socket = await connectTo(proxy);
    const started = performance.now();
    const received = receive(socket, 4);
    socket.write('ping');
    expect((await received).toString()).toBe('ping');
    // Timers may fire up to a millisecond early; only a lower bound, machines are noisy.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * delayMs - 2);
  });

  it('counts connections and client flights; pipelined writes share a flight', async () => {
    const events: ProxyChunkEvent[] = [];
    const proxy = await startProxy({ delayMs: 10, onChunk: (event) => events.push(event) });
    const first = await connectTo(proxy);
    await connectTo(proxy);
    expect(proxy.connectionCount).toBe(2);

    // Two flights that each wait for the echo ...
    for (const word of ['one', 'two']) {
      const echoed = receive(first, word.length);
      first.write(word);
      await echoed;
    }
    expect(proxy.flights).toBe(2);
    // ... then two writes sent together, before any answer: one flight.
    const echoed = receive(first, 6);
    first.write('abc');
    first.write('def');
    expect((await echoed).toString()).toBe('abcdef');
    expect(proxy.flights).toBe(3);
    expect(events.filter((event) => event.direction === 'client-to-server' && event.newFlight)).toHaveLength(
      3,
    );
    expect(events.every((event) => event.connection === 1)).toBe(true);
  });

  it('passes a half-close on after the data before it, and frees the connection', async () => {
    const proxy = await startProxy({ delayMs: 5 });
    const socket = await connectTo(proxy);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.end('bye');
    // The echo server ends its side once it sees our FIN, and the proxy passes that end back.
    await once(socket, 'end');
    expect(Buffer.concat(chunks).toString()).toBe('bye');
    await once(socket, 'close');
    await expect.poll(() => proxy.openConnections).toBe(0);
  });

  it('close() cuts open connections', async () => {
    const proxy = await startProxy({ delayMs: 5 });
    const socket = await connectTo(proxy);
    const closed = once(socket, 'close');
    await proxy.close();
    await closed;
    expect(socket.destroyed).toBe(true);
  });

  it('cuts a dropped connection within maxBytesBeforeDrop bytes, without a reply', async () => {
    const drops: ProxyDropEvent[] = [];
    const proxy = await startProxy({
      dropRate: 1,
      maxBytesBeforeDrop: 100,
      random: seededRandom(7),
      onDrop: (event) => drops.push(event),
    });
    const socket = await connectTo(proxy);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.write(Buffer.alloc(1000, 'x'));
    await once(socket, 'close');
    // The echo sends back at most what passed before the cut; the rest is reported lost.
    expect(Buffer.concat(chunks).length).toBeLessThan(100);
    expect(drops[0]?.forwarded.length).toBeLessThan(100);
    expect(drops[0]!.forwarded.length + drops[0]!.lostInFlight['client-to-server'].length).toBe(1000);
    expect(proxy.droppedCount).toBe(1);
    await expect.poll(() => proxy.openConnections).toBe(0);
  });

  it('cuts a dropped connection at a moment with dropAfterMs, whatever bytes passed before', async () => {
    const target = await startEcho();
    const proxy = await startProxy({ target, dropRate: 1, dropAfterMs: () => 200 });
    const socket = await connectTo(proxy);
    socket.on('error', () => {});
    socket.write(Buffer.alloc(50_000, 'x'));
    // Far more than any byte count would allow passes while the moment has not come.
    let echoed = 0;
    socket.on('data', (chunk: Buffer) => {
      echoed += chunk.length;
    });
    await expect.poll(() => echoed).toBe(50_000);
    expect(proxy.droppedCount).toBe(0);
    await once(socket, 'close');
    expect(proxy.droppedCount).toBe(1);
  });

  it('reports the bytes a time cut lost on their way, and they never arrive', async () => {
    const received: Buffer[] = [];
    const server = createServer((socket) => socket.on('data', (chunk: Buffer) => received.push(chunk)));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const drops: ProxyDropEvent[] = [];
    const proxy = await startProxy({
      target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port },
      delayMs: 200,
      dropRate: 1,
      dropAfterMs: () => 100,
      onDrop: (event) => drops.push(event),
    });
    const socket = await connectTo(proxy);
    socket.on('error', () => {});
    socket.write('body\r\n.\r\n');
    await once(socket, 'close');
    expect(drops).toHaveLength(1);
    expect(drops[0]?.lostInFlight['client-to-server'].toString()).toBe('body\r\n.\r\n');
    expect(drops[0]?.lostInFlight['server-to-client']).toHaveLength(0);
    // Past the delay: the lost bytes were not written late either.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(Buffer.concat(received)).toHaveLength(0);
  });

  it('drops about dropRate of its connections, the same ones for the same seed', async () => {
    const target = await startEcho();
    /** Opens 40 connections one after another; true for each that echoed, false for each cut. */
    const run = async () => {
      // maxBytesBeforeDrop 1: a dropped connection is cut at once, before the echo.
      const proxy = await startProxy({
        target,
        dropRate: 0.3,
        maxBytesBeforeDrop: 1,
        random: seededRandom(42),
      });
      const outcomes: boolean[] = [];
      for (let index = 0; index < 40; index += 1) {
        const socket = connect(proxy.port, proxy.host);
        socket.on('error', () => {});
        const echoed = new Promise<boolean>((resolve) => {
          socket.once('data', () => resolve(true));
          socket.once('close', () => resolve(false));
        });
        socket.write('hello');
        outcomes.push(await echoed);
        socket.destroy();
      }
      return { outcomes, dropped: proxy.droppedCount };
    };
    const first = await run();
    expect(first.dropped).toBe(first.outcomes.filter((echoed) => !echoed).length);
    expect(first.dropped).toBeGreaterThanOrEqual(4);
    expect(first.dropped).toBeLessThanOrEqual(20);
    expect((await run()).outcomes).toEqual(first.outcomes);
  });
});
