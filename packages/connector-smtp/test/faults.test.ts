import { ConnectorErrorCodes } from '@logto/connector-kit';
import {
  type ScriptedAction,
  smtpConfigFor,
  startScriptedSmtpServer,
  startTestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setRetryPolicy } from '../src/delivery/retry.js';
import { closeSmtpTransports } from '../src/index.js';
import { send } from './helpers.js';

/**
 * Retries without back-off (the test seam in delivery/retry.ts): the cases check attempts, not waiting. The
 * terminating dot follows the body at once, so the cases below see the end-of-stream tracking alone.
 */
const retryDelays = [0, 0];
beforeAll(() => setRetryPolicy({ delays: retryDelays, budgetMs: 60_000 }));
afterAll(() => setRetryPolicy());

/**
 * Small timeouts, so every fault settles quickly; the bound below is derived from them. The greeting
 * timeout is shorter than the socket timeout, as in the defaults (10 s and 20 s): with equal values
 * both timers race on a silent server and the error would name either one.
 */
const timeouts = { connectionTimeout: 400, greetingTimeout: 300, socketTimeout: 600 };
/** Worst case: every attempt waits out one timeout, plus the retry delays, plus slack for a busy machine. */
const settleBoundMs = (retryDelays.length + 1) * timeouts.socketTimeout + 1500;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await closeSmtpTransports();
  await Promise.all(closers.splice(0).map((close) => close()));
});

type Stage = 'greeting' | 'EHLO' | 'MAIL' | 'RCPT' | 'DATA' | '.';

/**
 * A server that misbehaves at `stage` while `faulty` is on, and behaves once it is switched off:
 * each case then checks that the next send on the same config works.
 */
const startFaultyServer = async (stage: Stage, fault: ScriptedAction) => {
  const state = { faulty: true, attempts: 0 };
  const server = await startScriptedSmtpServer(
    ({ verb }) => {
      const matches = verb === stage || (stage === 'EHLO' && verb === 'HELO');
      if (matches && state.faulty) {
        state.attempts += 1;
        return fault;
      }
      return undefined;
    },
    () => {
      if (stage === 'greeting' && state.faulty) {
        state.attempts += 1;
        return fault;
      }
      return '220 scripted.test ESMTP';
    },
  );
  closers.push(server.close);
  return { server, state };
};

/** Runs a fault: the send settles in time with the expected error; then the next send works. */
const provoke = async (stage: Stage, fault: ScriptedAction, code: ConnectorErrorCodes, hint: RegExp) => {
  const { server, state } = await startFaultyServer(stage, fault);
  const config = smtpConfigFor(server, timeouts);
  const started = performance.now();
  await expectConnectorError(send(config), code, hint);
  expect(performance.now() - started).toBeLessThan(settleBoundMs);

  state.faulty = false;
  const bodiesBefore = server.bodies.length;
  await send(config, { payload: { code: 'after-fault' } });
  expect(server.bodies.slice(bodiesBefore).join('')).toContain('after-fault');
  return state;
};

describe('connection faults: each send settles with the right error, and the next send works', () => {
  // Before the end of the message was written the server cannot have it: the send is retried
  // (every attempt meets the fault here), unless a new connection would meet it again (no
  // greeting). After it, one more copy and never a third: the first may have been delivered.
  it.each<[string, Stage, ScriptedAction, RegExp, 'retried' | 'once' | 'twice']>([
    ['closes before the greeting', 'greeting', 'close', /closed the connection unexpectedly/, 'retried'],
    [
      'never sends a greeting',
      'greeting',
      'hang',
      /no greeting arrived within greetingTimeout \(300 ms\)/,
      // The next connection would wait the same timeout again: one attempt, so the admin waits once.
      'once',
    ],
    ['closes after EHLO', 'EHLO', 'close', /closed the connection unexpectedly/, 'retried'],
    ['closes after MAIL FROM', 'MAIL', 'close', /closed the connection unexpectedly/, 'retried'],
    ['closes after RCPT TO', 'RCPT', 'close', /closed the connection unexpectedly/, 'retried'],
    ['closes after DATA', 'DATA', 'close', /closed the connection unexpectedly/, 'retried'],
    [
      'accepts DATA but never answers it',
      '.',
      'hang',
      /stopped answering.*socketTimeout \(600 ms\).*sent twice.*may have been delivered.*not sent a third time/,
      'twice',
    ],
    [
      'closes after the body without answering',
      '.',
      'close',
      /closed the connection unexpectedly.*sent twice.*may have been delivered.*not sent a third time/,
      'twice',
    ],
  ])('server %s', async (_name, stage, fault, hint, retry) => {
    const state = await provoke(stage, fault, ConnectorErrorCodes.General, hint);
    expect(state.attempts).toBe({ once: 1, twice: 2, retried: retryDelays.length + 1 }[retry]);
  });

  it('closes as a small body starts arriving: retried unless the whole body had been written', async () => {
    // The client may finish writing a small message before it sees the close, so either outcome
    // is right; what must hold is that the attempts stay within the retries, and that an error
    // saying the message went out twice came after two attempts at least. The large-body case
    // below pins down the retry.
    const { server, state } = await startFaultyServer('DATA', 'close-during-data');
    const error = await expectConnectorError(
      send(smtpConfigFor(server, timeouts)),
      ConnectorErrorCodes.General,
      /closed the connection unexpectedly/,
    );
    expect(state.attempts).toBeLessThanOrEqual(retryDelays.length + 1);
    if (/sent twice/.test(error.data.errorDescription)) {
      expect(state.attempts).toBeGreaterThanOrEqual(2);
    }
  });

  it('closes after the whole message once, before its reply: sent once more on a new connection, the send succeeds', async () => {
    const server = await startScriptedSmtpServer(({ verb, connection }) =>
      verb === '.' && connection === 1 ? 'close' : undefined,
    );
    closers.push(server.close);
    const info = (await send(smtpConfigFor(server, timeouts))) as { messageId: string };
    // Both copies went out: the server may have kept the first. Receivers collapse them by Message-ID.
    expect(server.bodies).toHaveLength(2);
    for (const body of server.bodies) {
      expect(body).toContain(`Message-ID: ${info.messageId}`);
    }
  });

  it('closes while a large body is still being written: retried on a new connection, delivered once', async () => {
    // 8 MB cannot fit in the socket buffers, so the client is still writing the body (and has
    // not written the terminating dot) when the first connection closes.
    const code = 'x'.repeat(8 * 1024 * 1024);
    const { server, state } = await startFaultyServer('DATA', 'close-during-data');
    // A long socketTimeout: writing 8 MB on a loaded machine must not meet the attempt's deadline
    // (the sum of the timeouts), which is not what this test is about.
    const sent = send(smtpConfigFor(server, { ...timeouts, socketTimeout: 30_000 }), { payload: { code } });
    await expect.poll(() => state.attempts).toBe(1);
    state.faulty = false;
    await sent;
    expect(server.connectionCount).toBe(2);
    expect(server.bodies).toHaveLength(1);
    expect(server.bodies[0]).toContain('xxxxxxxx');
  }, 60_000);
});

const temporaryReplies = [
  '421 4.3.2 Service shutting down',
  '450 4.2.0 Mailbox temporarily unavailable',
  '451 4.3.0 Local error in processing',
  '452 4.3.1 Insufficient system storage',
];
const permanentReplies = [
  '550 5.7.1 Not allowed',
  '552 5.3.4 Message size exceeds fixed limit',
  '554 5.7.0 Transaction failed',
];
const stages: Stage[] = ['greeting', 'EHLO', 'MAIL', 'RCPT', 'DATA', '.'];

describe('temporary replies (4xx) at every stage: retried a bounded number of times, then reported', () => {
  it.each(stages.flatMap((stage) => temporaryReplies.map((reply) => [stage, reply] as const)))(
    '%s answers %s',
    async (stage, reply) => {
      const code = reply.slice(0, 3);
      const state = await provoke(
        stage,
        reply,
        ConnectorErrorCodes.General,
        new RegExp(stage === 'EHLO' ? code : `refused the message for now \\(${code}`),
      );
      // The first attempt and one per retry delay. A refused EHLO is tried again as HELO within the
      // attempt, except after 421, with which the server closes the session (RFC 5321 §3.8,
      // https://www.rfc-editor.org/rfc/rfc5321#section-3.8).
      const heloToo = stage === 'EHLO' && code !== '421';
      expect(state.attempts).toBe((retryDelays.length + 1) * (heloToo ? 2 : 1));
    },
  );
});

const permanentExpectation: Record<Stage, [ConnectorErrorCodes, RegExp]> = {
  greeting: [ConnectorErrorCodes.General, /refused the session/],
  EHLO: [ConnectorErrorCodes.InvalidConfig, /rejected the client name sent in EHLO/],
  MAIL: [ConnectorErrorCodes.InvalidConfig, /refused the sender address/],
  RCPT: [ConnectorErrorCodes.General, /refused the recipient address/],
  DATA: [ConnectorErrorCodes.General, /rejected the message/],
  '.': [ConnectorErrorCodes.General, /rejected the message/],
};

describe('permanent replies (5xx) at every stage: reported at once with a stage-specific hint', () => {
  it.each(stages.flatMap((stage) => permanentReplies.map((reply) => [stage, reply] as const)))(
    '%s answers %s',
    async (stage, reply) => {
      const [code, hint] = permanentExpectation[stage];
      const state = await provoke(stage, reply, code, hint);
      expect(state.attempts).toBe(stage === 'EHLO' ? 2 : 1); // EHLO refused → nodemailer tries HELO once
    },
  );
});

describe('a server restart between two sends while the pool is warm', () => {
  it('the second send reconnects and is delivered once', async () => {
    const first = await startTestSmtpServer();
    const config = smtpConfigFor(first, timeouts);
    await send(config, { payload: { code: 'before' } });
    await first.close();
    const second = await startTestSmtpServer({ port: first.port });
    closers.push(second.close);
    await send(config, { payload: { code: 'after' } });
    const messages = await second.waitForMessages(1);
    expect(messages.map((message) => message.parsed.text?.trim())).toEqual(['Your SignIn code is after.']);
  });
});
