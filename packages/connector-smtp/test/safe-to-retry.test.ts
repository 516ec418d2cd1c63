import { describe, expect, it } from 'vitest';
import { isSafeToRetry } from '../src/delivery/retry.js';

const failure = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? 'failed')), fields);
const beforeEnd = { bodyEnded: false };
const afterEnd = { bodyEnded: true };

describe('isSafeToRetry: only what cannot have been delivered', () => {
  it.each([
    ['a 421 at the greeting', { code: 'EPROTOCOL', responseCode: 421, command: 'CONN' }],
    ['a 451 at RCPT', { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }],
    ['a connection closed before the end of the message', { code: 'ECONNECTION', command: 'CONN' }],
    ['a reset mid-body', { code: 'ESOCKET', originalCode: 'ECONNRESET', command: 'CONN' }],
    ['a silent server before the end of the message', { code: 'ETIMEDOUT', command: 'CONN' }],
    [
      'a session that went silent before the end of the message',
      { code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT', command: 'CONN' },
    ],
    ['a connection nodemailer found destroyed', { code: 'ECONNECTION', command: 'API' }],
  ])('retries %s', (_name, fields) => {
    expect(isSafeToRetry(failure(fields), beforeEnd)).toBe(true);
  });

  it('retries a 4xx answer to the end of data: the server answered that it did not take it', () => {
    expect(isSafeToRetry(failure({ code: 'EMESSAGE', responseCode: 452, command: 'DATA' }), afterEnd)).toBe(
      true,
    );
  });

  it.each([
    ['a connection closed after the end of the message', { code: 'ECONNECTION', command: 'CONN' }],
    ['a reset after the end of the message', { code: 'ESOCKET', originalCode: 'ECONNRESET' }],
    ['a silent server after the end of the message', { code: 'ETIMEDOUT', command: 'CONN' }],
  ])('sends %s once more, never a third time: the outcome is unknown', (_name, fields) => {
    expect(isSafeToRetry(failure(fields), afterEnd, 0)).toBe(true);
    expect(isSafeToRetry(failure(fields), afterEnd, 1)).toBe(false);
  });

  it('after one unknown outcome, still retries what cannot have delivered the next copy', () => {
    const closedAtRcpt = failure({ code: 'ECONNECTION', command: 'CONN' });
    expect(isSafeToRetry(closedAtRcpt, beforeEnd, 1)).toBe(true);
  });

  it('does not repeat a failure after the end of the message that is not a broken connection', () => {
    expect(isSafeToRetry(failure({ code: 'EMESSAGE', command: 'API' }), afterEnd, 0)).toBe(false);
  });

  it('does not send once more to a server that used its whole attempt deadline (a failover may)', () => {
    const deadline = failure({ code: 'ETIMEDOUT', timeoutType: 'ATTEMPT_DEADLINE', command: 'CONN' });
    expect(isSafeToRetry(deadline, afterEnd, 0)).toBe(false);
  });

  it.each([
    ['a 550 at RCPT', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }],
    ['a 535 login failure', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }],
    ['a refused connection', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }],
    ['a DNS failure', { code: 'EDNS', originalCode: 'ENOTFOUND', command: 'CONN' }],
    ['a TLS failure', { code: 'ETLS', command: 'CONN' }],
    ['a server that never greets', { code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT', command: 'CONN' }],
    ['a connection that never opens', { code: 'ETIMEDOUT', timeoutType: 'CONNECT_TIMEOUT', command: 'CONN' }],
    [
      'an untrusted certificate',
      { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
    ],
    ['missing credentials', { code: 'EAUTH', command: 'API' }],
  ])('does not retry %s', (_name, fields) => {
    expect(isSafeToRetry(failure(fields), beforeEnd)).toBe(false);
  });
});
