import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the stand-in answers to one token request. */
export interface TokenReply {
  status?: number;
  body: unknown;
}

/** How a {@link startTokenServer} stand-in answers: by a script, after a delay, with tokens of a set lifetime. */
export interface TokenServerOptions {
  /**
   * Decides the answer to each request (`index` counts from 1). Default: a fresh bearer token
   * valid for `expiresIn` seconds, `{token_type, expires_in, access_token}` as Microsoft and
   * Google send it.
   */
  respond?: (form: URLSearchParams, index: number) => TokenReply | Promise<TokenReply>;
  /** Lifetime of the default tokens, in seconds. Default 3599. */
  expiresIn?: number;
  /** Wait this long before answering, so concurrent callers overlap. Default 0. */
  delayMs?: number;
}

/** A running OAuth2 token endpoint stand-in, with what it received and issued, for the SMTP connector's OAuth2 tests. */
export interface TokenServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Token requests received so far (form bodies, with the path they were posted to). */
  readonly requests: readonly { path: string; form: URLSearchParams }[];
  /** Access tokens handed out so far, in order: register them with the secret recorder. */
  readonly issued: readonly string[];
  /** Whether this server handed out the token. */
  isIssued(token: string): boolean;
  close(): Promise<void>;
}

const readForm = async (request: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
};

/**
 * A local stand-in for an OAuth 2.0 token endpoint (Microsoft Entra's
 * `/<tenant>/oauth2/v2.0/token`, Google's `/token`): records every form it is posted and answers
 * with fresh random bearer tokens, or whatever `respond` says (error bodies, slow answers).
 */
export const startTokenServer = async (options: TokenServerOptions = {}): Promise<TokenServer> => {
  const requests: { path: string; form: URLSearchParams }[] = [];
  const issued: string[] = [];
  const sockets = new Set<Socket>();
  const respond: NonNullable<TokenServerOptions['respond']> =
    options.respond ??
    (() => {
      const token = `stand-in.${randomBytes(24).toString('base64url')}`;
      issued.push(token);
      return {
        body: { token_type: 'Bearer', expires_in: options.expiresIn ?? 3599, access_token: token },
      };
    });

  const server = createServer((request, response) => {
    void (async () => {
      const form = await readForm(request);
      requests.push({ path: request.url ?? '', form });
      if (options.delayMs) {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      }
      const reply = await respond(form, requests.length);
      response.writeHead(reply.status ?? 200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    })().catch(() => response.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    issued,
    isIssued: (token) => issued.includes(token),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
};
