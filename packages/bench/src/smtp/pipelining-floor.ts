import { connect } from 'node:net';
import { credentials, rttMs, startRig } from './rig.js';

/** What a scripted client sends in one session, and how far it pipelines. */
export type FloorMode =
  /** MAIL, RCPT and DATA in one flight, then the body: 2 flights a message (what ours does). */
  | 'per-message'
  /**
   * Everything RFC 2920 and RFC 4954 allow: AUTH PLAIN with its initial response leads the first
   * envelope (RFC 4954 §4), and each body carries the next message's MAIL, RCPT and DATA
   * (RFC 2920 §3.1): 1 flight a message once a session runs.
   */
  | 'across-messages';

const body = (index: number) =>
  `From: noreply@example.com\r\nTo: user${index}@example.com\r\nSubject: Code\r\n\r\nYour code is ${index}\r\n.\r\n`;
const envelope = (index: number) =>
  `MAIL FROM:<noreply@example.com>\r\nRCPT TO:<user${index}@example.com>\r\nDATA\r\n`;

/**
 * One session of a scripted client on a raw socket: it does no MIME work and waits for nothing
 * it need not, so its times are the rig's floor for `messages` sends over one connection.
 * Resolves with when each message's final reply arrived, in ms after `startedAt`.
 */
const scriptedSession = (
  target: { host: string; port: number },
  messages: number[],
  mode: FloorMode,
  startedAt: number,
) =>
  new Promise<number[]>((resolve, reject) => {
    const socket = connect(target.port, target.host);
    socket.setNoDelay(true);
    const auth = `AUTH PLAIN ${Buffer.from(`\0${credentials.user}\0${credentials.pass}`).toString('base64')}\r\n`;
    // The reply each final line answers, in order; a 354 sends the body it asked for.
    const expected: string[] = ['greeting'];
    const done: number[] = [];
    let next = 0;
    let buffered = '';
    const sendEnvelope = (prefix = '') => {
      socket.write(prefix + envelope(messages[next]!));
      expected.push('mail', 'rcpt', 'data');
    };
    const onReply = (line: string) => {
      const step = expected.shift();
      if (!/^[23]/.test(line)) {
        reject(new Error(`${step}: ${line}`));
        return;
      }
      if (step === 'greeting') {
        socket.write('EHLO floor\r\n');
        expected.push('ehlo');
      } else if (step === 'ehlo') {
        if (mode === 'across-messages') {
          expected.push('auth');
          sendEnvelope(auth);
        } else {
          socket.write(auth);
          expected.push('auth');
        }
      } else if (step === 'auth' && mode === 'per-message') {
        sendEnvelope();
      } else if (step === 'data') {
        const current = messages[next]!;
        next += 1;
        expected.push('message');
        if (mode === 'across-messages' && next < messages.length) {
          sendEnvelope(body(current));
        } else {
          socket.write(body(current));
        }
      } else if (step === 'message') {
        done.push(performance.now() - startedAt);
        if (mode === 'per-message' && next < messages.length) {
          sendEnvelope();
        } else if (done.length === messages.length) {
          socket.end('QUIT\r\n');
          resolve(done);
        }
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('latin1');
      let end = buffered.indexOf('\r\n');
      while (end >= 0) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        // A multi-line reply ("250-…") is answered by its last line only.
        if (!/^\d{3}-/.test(line)) {
          onReply(line);
        }
        end = buffered.indexOf('\r\n');
      }
    });
    socket.on('error', reject);
  });

/**
 * The burst scenario's floor: `sends` messages at once over `connections` sessions of the
 * scripted client (as many as the server allows), against the same rig as the connectors.
 * Returns the slowest send, in RTT: what no client of that mode can beat here.
 */
export const burstFloor = async (
  mode: FloorMode,
  sends = 50,
  connections = 10,
): Promise<{ slowestRtt: number }> => {
  const rig = await startRig(connections);
  try {
    const startedAt = performance.now();
    const sessions = Array.from({ length: connections }, (_, lane) =>
      Array.from({ length: sends }, (_, index) => index).filter((index) => index % connections === lane),
    );
    const times = await Promise.all(
      sessions.map((messages) => scriptedSession(rig.proxy, messages, mode, startedAt)),
    );
    if (rig.server.messages.length !== sends) {
      throw new Error(`floor client delivered ${rig.server.messages.length} of ${sends}`);
    }
    return { slowestRtt: Math.max(...times.flat()) / rttMs };
  } finally {
    await rig.close();
  }
};
