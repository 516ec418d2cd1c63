import { startLoopbackServer } from '../net/loopback-server.js';

/**
 * What the scripted server does with one command: send a reply (`'250 OK'`, multi-line with
 * `\r\n`), `'close'` the connection, `'hang'` (read on, never answer), or, for DATA,
 * `'close-during-data'` (answer 354, then cut the connection when the body starts arriving).
 */
export type ScriptedAction = string | 'close' | 'hang' | 'close-during-data' | Dribble;

/**
 * A reply written one line at a time, `intervalMs` apart (each line `250-…`, the last `250 …`):
 * a server that stalls while never going silent for a whole socket timeout.
 */
export interface Dribble {
  dribble: string[];
  intervalMs: number;
}

/**
 * Decides the answer to each command. `verb` is upper-cased (`EHLO`, `MAIL`, `RCPT`, `DATA`,
 * and `.` for the end of the message body); `connection` counts from 1.
 */
export type SmtpScript = (command: {
  verb: string;
  line: string;
  connection: number;
}) => ScriptedAction | Promise<ScriptedAction> | undefined;

/** Replies of a well-behaved server, used for any command the script leaves `undefined`. */
const defaultReply = (verb: string): string => {
  switch (verb) {
    case 'EHLO':
      return '250-scripted.test\r\n250 PIPELINING';
    case 'DATA':
      return '354 End data with <CR><LF>.<CR><LF>';
    case '.':
      return '250 2.0.0 Queued';
    case 'QUIT':
      return '221 Bye';
    default:
      return '250 OK';
  }
};

/** A running {@link startScriptedSmtpServer}: its address, its connection counts and the bodies it received. */
export interface ScriptedSmtpServer {
  host: string;
  port: number;
  /** Connections accepted so far. */
  readonly connectionCount: number;
  /** Connections open right now. */
  readonly openConnections: number;
  /** Message bodies received (bytes between DATA and the final dot). */
  bodies: string[];
  close: () => Promise<void>;
}

/**
 * A raw-socket SMTP server whose every answer comes from a script: for faults a real server
 * cannot be made to produce (rejecting EHLO, stalling mid-DATA, closing after the body).
 *
 * @param greeting What to send on connect: a reply line, `'close'`, or `'hang'` (no greeting).
 */
export const startScriptedSmtpServer = async (
  script: SmtpScript,
  greeting: ScriptedAction | ((connection: number) => ScriptedAction) = '220 scripted.test ESMTP',
): Promise<ScriptedSmtpServer> => {
  const bodies: string[] = [];
  let connectionCount = 0;

  const server = await startLoopbackServer((socket) => {
    connectionCount += 1;
    const connection = connectionCount;

    // Replies go out in command order, also when the script answers one of them later.
    let replies = Promise.resolve();
    const act = (pending: ScriptedAction | Promise<ScriptedAction>) => {
      replies = replies.then(async () => send(await pending));
    };
    const send = async (action: ScriptedAction) => {
      if (socket.destroyed) {
        return;
      }
      if (typeof action === 'object') {
        for (const line of action.dribble) {
          await new Promise((resolve) => setTimeout(resolve, action.intervalMs));
          if (socket.destroyed) {
            return;
          }
          socket.write(`${line}\r\n`);
        }
      } else if (action === 'close') {
        socket.destroy();
      } else if (action !== 'hang') {
        socket.write(`${action}\r\n`);
      }
    };

    let buffer = '';
    let inData = false;
    let closeDuringData = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData && closeDuringData && buffer.length > 0) {
          socket.destroy();
          return;
        }
        if (inData) {
          // An empty body ends at once (a client with no accepted recipient sends only the dot).
          const empty = buffer.startsWith('.\r\n');
          const end = empty ? 0 : buffer.indexOf('\r\n.\r\n');
          if (end === -1) {
            return;
          }
          bodies.push(buffer.slice(0, end));
          buffer = buffer.slice(empty ? 3 : end + 5);
          inData = false;
          act(script({ verb: '.', line: '.', connection }) ?? defaultReply('.'));
          continue;
        }
        const lineEnd = buffer.indexOf('\r\n');
        if (lineEnd === -1) {
          return;
        }
        const line = buffer.slice(0, lineEnd);
        buffer = buffer.slice(lineEnd + 2);
        const verb = (line.split(/[ :]/)[0] ?? '').toUpperCase();
        let action = script({ verb, line, connection }) ?? defaultReply(verb);
        if (action === 'close-during-data') {
          closeDuringData = true;
          action = '354 End data with <CR><LF>.<CR><LF>';
        }
        // A delayed DATA answer is taken to be 354: the client streams the body right after it.
        if (verb === 'DATA' && (typeof action !== 'string' || action.startsWith('354'))) {
          inData = true;
        }
        act(action);
      }
    });

    act(typeof greeting === 'function' ? greeting(connection) : greeting);
  });

  return {
    host: server.host,
    port: server.port,
    get connectionCount() {
      return connectionCount;
    },
    get openConnections() {
      return server.openSockets;
    },
    bodies,
    close: server.close,
  };
};
