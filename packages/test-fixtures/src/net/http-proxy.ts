import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

/** How a {@link startHttpProxy} behaves; by default it tunnels and forwards everything. */
export interface HttpProxyOptions {
  /**
   * Answer every CONNECT and every forwarded request with this status instead (e.g. 403 or 407),
   * as a proxy that refuses the destination or wants credentials does.
   */
  refuseWith?: number;
}

/**
 * A running HTTP proxy (CONNECT tunnels and absolute-form requests) with counters of what went
 * through it, so a test can check the connectors' traffic takes the proxy.
 */
export interface HttpProxy {
  /** `http://127.0.0.1:<port>`: what goes into `HTTPS_PROXY` or a `proxy` setting. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** CONNECT requests received (one per tunnel, i.e. per connection the client opened through us). */
  readonly connects: number;
  /** Plain requests forwarded in absolute form (`GET http://host/path`), one per request. */
  readonly forwarded: number;
  /** `host:port` of every CONNECT and forwarded request, in order of arrival. */
  readonly targets: readonly string[];
  /** `Proxy-Authorization` headers received, in order (to check credentials reach the proxy). */
  readonly authorizations: readonly (string | undefined)[];
  /** Zeroes the counters. */
  resetCounters(): void;
  /** Cuts every tunnel and connection, then stops listening. */
  close(): Promise<void>;
}

/**
 * A real HTTP proxy on 127.0.0.1: `CONNECT host:port` opens a TCP tunnel (what HTTPS clients
 * and nodemailer's `proxy: 'http://…'` use), and an absolute-form request (`GET http://…`) is
 * forwarded (what Node's own agents do for plain-HTTP targets). It counts both, so a test can
 * assert the traffic went through the proxy and how many connections it took.
 */
export const startHttpProxy = async (options: HttpProxyOptions = {}): Promise<HttpProxy> => {
  const sockets = new Set<Socket>();
  let connects = 0;
  let forwarded = 0;
  const targets: string[] = [];
  const authorizations: (string | undefined)[] = [];

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    forwarded += 1;
    authorizations.push(request.headers['proxy-authorization']);
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('absolute-form request expected');
      return;
    }
    targets.push(target.host);
    if (options.refuseWith !== undefined) {
      response.writeHead(options.refuseWith).end();
      return;
    }
    const { 'proxy-authorization': _, 'proxy-connection': __, ...headers } = request.headers;
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port || 80,
        method: request.method,
        path: target.pathname + target.search,
        headers,
      },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on('connection', track);

  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    connects += 1;
    authorizations.push(request.headers['proxy-authorization']);
    const target = request.url ?? '';
    targets.push(target);
    track(client);
    if (options.refuseWith !== undefined) {
      client.end(`HTTP/1.1 ${options.refuseWith} Refused\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const separator = target.lastIndexOf(':');
    const upstream = connect({ host: target.slice(0, separator), port: Number(target.slice(separator + 1)) });
    track(upstream);
    upstream.once('connect', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) {
        upstream.write(head);
      }
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    get connects() {
      return connects;
    },
    get forwarded() {
      return forwarded;
    },
    targets,
    authorizations,
    resetCounters() {
      connects = 0;
      forwarded = 0;
      targets.length = 0;
      authorizations.length = 0;
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
