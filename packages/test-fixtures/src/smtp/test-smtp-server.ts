import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerAuthentication,
  type SMTPServerDataStream,
  type SMTPServerOptions,
  type SMTPServerSession,
} from 'smtp-server';
import { type ConnectionCounts, countConnections, withConnectionCounts } from '../net/connection-counter.js';
import { listenOnLoopback } from '../net/listen-on-loopback.js';
import { getTestCertificate } from './certificate.js';

/** A message as the server received it: envelope, raw bytes and the parsed MIME tree. */
export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  /** The exact bytes of the DATA phase: assert on these for header-injection checks. */
  raw: Buffer;
  parsed: ParsedMail;
  /** Whether the session was encrypted (implicit TLS or STARTTLS) when the message arrived. */
  secure: boolean;
  /** The authenticated user name, when the client logged in. */
  user?: string;
  /** Which TCP connection (1-based, in order of arrival) delivered the message. */
  connection: number;
}

/** An error with an SMTP reply code, to reject a command from a hook. */
export const smtpReply = (responseCode: number, message: string): Error =>
  Object.assign(new Error(message), { responseCode });

/** How a test SMTP server is set up: TLS, required credentials, limits, and hooks that reject or inspect commands. */
export interface TestSmtpServerOptions {
  /** Implicit TLS from the first byte (port 465 style). */
  secure?: boolean;
  /** Offer STARTTLS (port 587 style). Off by default, so plain tests stay plain. */
  starttls?: boolean;
  /** Require authentication with these credentials (PLAIN, LOGIN and XOAUTH2 accepted). */
  auth?: {
    user: string;
    pass?: string;
    /** The one XOAUTH2 bearer token accepted, or a check (e.g. "issued by this token stand-in"). */
    accessToken?: string | ((token: string) => boolean);
  };
  /**
   * Answer 421 at the greeting once this many connections are open at the same time, as
   * providers do (e.g. 10 concurrent connections per client).
   */
  maxConcurrentConnections?: number;
  /** Advertise PIPELINING (smtp-server supports it; on by default as in real servers). */
  pipelining?: boolean;
  /** Reject or inspect commands. Throw (e.g. `smtpReply(550, '…')`) to reject. */
  onMailFrom?: (address: SMTPServerAddress, session: SMTPServerSession) => void;
  onRcptTo?: (address: SMTPServerAddress, session: SMTPServerSession) => void;
  /** Called with the parsed message before it is accepted; throw to reject the message. */
  onMessage?: (message: ReceivedMessage) => void;
  /** Port to listen on; default an ephemeral one. Pass a closed server's port to "restart" it. */
  port?: number;
  /** Extra smtp-server options (e.g. `size`, `banner`). */
  serverOptions?: Partial<SMTPServerOptions>;
}

/** The server's counts are of TCP connections; `connectionCount` includes the ones refused with 421. */
export interface TestSmtpServer extends ConnectionCounts {
  host: string;
  port: number;
  /** PEM certificate the server presents (when TLS is used): pass as `tls.ca`. */
  cert?: string;
  /** Messages accepted so far, in order. */
  messages: ReceivedMessage[];
  /** The user names of the logins accepted so far, in order. */
  logins: string[];
  /** Resolves once `count` messages have arrived (rejects after `timeoutMs`). */
  waitForMessages: (count: number, timeoutMs?: number) => Promise<ReceivedMessage[]>;
  /** Resolves once no client connection is open (rejects after `timeoutMs`). */
  waitForNoConnections: (timeoutMs?: number) => Promise<void>;
  /** Cuts every open client connection without a reply, as a server restart or an idle timeout would. */
  dropConnections: () => void;
  close: () => Promise<void>;
}

type ServerConnection = { close: () => void; _socket?: { destroy: () => void } };
const connectionsOf = (server: SMTPServer) =>
  (server as unknown as { connections: Set<ServerConnection> }).connections;

const readStream = async (stream: SMTPServerDataStream): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const checkCredentials = (
  expected: NonNullable<TestSmtpServerOptions['auth']>,
  auth: SMTPServerAuthentication,
): boolean => {
  if (auth.username !== expected.user) {
    return false;
  }
  if (auth.method === 'XOAUTH2') {
    const token = auth.accessToken ?? '';
    return typeof expected.accessToken === 'function'
      ? expected.accessToken(token)
      : expected.accessToken !== undefined && token === expected.accessToken;
  }
  return expected.pass !== undefined && auth.password === expected.pass;
};

/** Runs a test's hook for a command and answers smtp-server: a throw rejects the command with it. */
const answerAfterHook = (hook: () => void, callback: (error?: Error) => void) => {
  try {
    hook();
    callback();
  } catch (error) {
    callback(error as Error);
  }
};

const poll = async (check: () => boolean, timeoutMs: number, what: string): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * Starts a real `smtp-server` on 127.0.0.1 and an ephemeral port, recording every message
 * it accepts (parsed with `mailparser`) and every connection it sees.
 */
export const startTestSmtpServer = async (options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> => {
  const needsCertificate = options.secure === true || options.starttls === true;
  const certificate = needsCertificate ? await getTestCertificate() : undefined;
  const messages: ReceivedMessage[] = [];
  const logins: string[] = [];
  const connectionIndex = new Map<string, number>();
  const connections = countConnections();

  const server = new SMTPServer({
    logger: false,
    secure: options.secure ?? false,
    ...(certificate ? { key: certificate.key, cert: certificate.cert } : {}),
    hideSTARTTLS: !(options.starttls ?? false),
    hidePIPELINING: options.pipelining === false,
    authOptional: options.auth === undefined,
    authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'],
    // Allow AUTH over a plain connection: tests run on loopback.
    allowInsecureAuth: true,
    // A server that does not offer STARTTLS refuses it too (smtp-server would otherwise upgrade
    // with its built-in certificate although EHLO does not list it).
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.starttls ? [] : ['STARTTLS'])],
    ...options.serverOptions,
    onConnect(session, callback) {
      connectionIndex.set(session.id, connections.arrived());
      if (
        options.maxConcurrentConnections !== undefined &&
        connections.counts.openConnections >= options.maxConcurrentConnections
      ) {
        callback(smtpReply(421, 'Too many concurrent connections, try again later'));
        return;
      }
      connections.opened();
      session.envelope.mailFrom = false;
      (session as { counted?: boolean }).counted = true;
      callback();
    },
    onClose(session) {
      if ((session as { counted?: boolean }).counted) {
        connections.closed();
      }
    },
    onAuth(auth, _session, callback) {
      if (options.auth && checkCredentials(options.auth, auth)) {
        logins.push(auth.username ?? '');
        callback(null, { user: auth.username });
        return;
      }
      if (auth.method === 'XOAUTH2') {
        callback(null, { data: { status: '401', schemes: 'bearer', scope: 'mail' } });
        return;
      }
      callback(smtpReply(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(address, session, callback) {
      answerAfterHook(() => options.onMailFrom?.(address, session), callback);
    },
    onRcptTo(address, session, callback) {
      answerAfterHook(() => options.onRcptTo?.(address, session), callback);
    },
    onData(stream, session, callback) {
      readStream(stream)
        .then(async (raw) => {
          const message: ReceivedMessage = {
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            raw,
            parsed: await simpleParser(raw),
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : undefined,
            connection: connectionIndex.get(session.id) ?? 0,
          };
          options.onMessage?.(message);
          messages.push(message);
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });

  await listenOnLoopback(server, options.port);
  // Errors on client sockets (resets provoked by tests) are expected; keep them off stderr.
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return withConnectionCounts<TestSmtpServer>(
    {
      host: '127.0.0.1',
      port,
      cert: certificate?.cert,
      messages,
      logins,
      async waitForMessages(count, timeoutMs = 5000) {
        await poll(() => messages.length >= count, timeoutMs, `${count} message(s)`);
        return messages;
      },
      async waitForNoConnections(timeoutMs = 5000) {
        await poll(() => connections.counts.openConnections === 0, timeoutMs, 'all connections to close');
      },
      dropConnections() {
        for (const connection of connectionsOf(server)) {
          connection._socket?.destroy();
        }
      },
      close: () =>
        new Promise<void>((resolve) => {
          // smtp-server waits for clients to quit; tests want a prompt stop.
          for (const connection of connectionsOf(server)) {
            connection.close();
          }
          server.close(() => resolve());
        }),
    },
    connections.counts,
  );
};
