import { connect, type Socket } from 'node:net';
import { startLoopbackServer } from './loopback-server.js';

/** A running SOCKS5 proxy (no authentication, CONNECT only) with counters of the connections it carried. */
export interface SocksProxy {
  /** `socks5://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** CONNECT commands carried out (one per connection the client opened through us). */
  readonly connects: number;
  /** `host:port` of every CONNECT, in order. */
  readonly targets: readonly string[];
  close(): Promise<void>;
}

/** Reads exactly `length` bytes from the socket's stream of chunks. */
const reader = (socket: Socket) => {
  let buffered = Buffer.alloc(0);
  let waiting: { length: number; resolve: (bytes: Buffer) => void } | undefined;
  const flush = () => {
    if (waiting && buffered.length >= waiting.length) {
      const { length, resolve } = waiting;
      waiting = undefined;
      const bytes = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      resolve(bytes);
    }
  };
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    flush();
  };
  socket.on('data', onData);
  return {
    read: (length: number) =>
      new Promise<Buffer>((resolve) => {
        waiting = { length, resolve };
        flush();
      }),
    /** Stops reading; returns what arrived beyond the handshake. */
    detach: () => {
      socket.off('data', onData);
      return buffered;
    },
  };
};

/**
 * A minimal SOCKS5 proxy on 127.0.0.1 (RFC 1928: no authentication, CONNECT to an IPv4 address or
 * a domain name), enough for nodemailer's `proxy: 'socks5://…'`. It counts tunnels so a test can
 * assert the SMTP session went through it.
 */
export const startSocksProxy = async (): Promise<SocksProxy> => {
  let connects = 0;
  const targets: string[] = [];

  const server = await startLoopbackServer((client, track) => {
    const input = reader(client);
    void (async () => {
      const [version, methodCount = 0] = await input.read(2);
      await input.read(methodCount);
      if (version !== 5) {
        client.destroy();
        return;
      }
      client.write(Buffer.from([5, 0]));
      const [, command, , addressType] = await input.read(4);
      let host: string;
      if (addressType === 1) {
        host = [...(await input.read(4))].join('.');
      } else if (addressType === 3) {
        const [length = 0] = await input.read(1);
        host = (await input.read(length)).toString('latin1');
      } else {
        client.end(Buffer.from([5, 8, 0, 1, 0, 0, 0, 0, 0, 0]));
        return;
      }
      const port = (await input.read(2)).readUInt16BE(0);
      if (command !== 1) {
        client.end(Buffer.from([5, 7, 0, 1, 0, 0, 0, 0, 0, 0]));
        return;
      }
      connects += 1;
      targets.push(`${host}:${port}`);
      const upstream = connect({ host, port });
      track(upstream);
      upstream.once('connect', () => {
        client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
        const rest = input.detach();
        if (rest.length > 0) {
          upstream.write(rest);
        }
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.once('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
    })();
  });

  return {
    url: `socks5://${server.host}:${server.port}`,
    host: server.host,
    port: server.port,
    get connects() {
      return connects;
    },
    targets,
    close: server.close,
  };
};
