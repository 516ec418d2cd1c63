import { TemplateType } from '@logto/connector-kit';
import { seededRandom, smtpConfigFor, startTcpProxy, startTestSmtpServer } from '@seedworks/test-fixtures';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setRetryPolicy } from '../src/delivery/retry.js';
import createConnector, { closeSmtpTransports, transportStats } from '../src/index.js';
import { type CutStep, cutRecorder } from './cut-steps.js';
import { adminView } from './helpers.js';

const sends = 600;
const concurrency = 50;
const seed = 20261201;

/** Sockets and timers this process holds (Node's own view, as `why-is-node-running` uses). */
const openHandles = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'Timeout').length;

// Retries without back-off (the test seam in delivery/retry.ts), and more of them than the defaults: with
// every connection cut within ~2 messages, a send may meet several cuts in a row. The time
// budget still bounds each send.
beforeAll(() => setRetryPolicy({ delays: Array(8).fill(0), budgetMs: 20_000 }));
afterAll(() => setRetryPolicy());

/** The steps every run must cut at least once, so each retry decision is exercised. */
const requiredSteps: CutStep[] = ['greeting', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA', 'body', 'end of data'];

it(`every connection cut at a seeded random byte: ${sends} sends at ${concurrency} concurrent, none delivered more than twice, none lost, none hung`, async () => {
  const handlesBefore = openHandles();
  const credentials = { user: 'alice', pass: 'cut-test-pass' };
  const server = await startTestSmtpServer({ auth: credentials });
  const recorder = cutRecorder();
  const proxy = await startTcpProxy({
    target: server,
    // Every connection is cut somewhere in its first 3000 bytes (a session and about two
    // messages): at the greeting, EHLO, AUTH, in the pipelined envelope, in the body, or in a
    // reply, from either side. Half of the cuts are resets, half are closes.
    dropRate: 1,
    // A quarter of the cuts fall in the first 400 bytes, the session set-up, which is short.
    dropAfterBytes: (random) => Math.floor(random() * (random() < 0.25 ? 400 : 3000)),
    resetRate: 0.5,
    random: seededRandom(seed),
    onChunk: recorder.onChunk,
    onDrop: recorder.onDrop,
  });
  const config = smtpConfigFor(proxy, {
    auth: credentials,
    connectionTimeout: 2000,
    greetingTimeout: 2000,
    socketTimeout: 2000,
  });

  const outcomes: Array<{ resolved: boolean; messageId?: string; description?: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < sends) {
      const index = next++;
      const connector = await createConnector({ getConfig: async () => config });
      try {
        const info = (await connector.sendMessage({
          to: `user${index}@example.com`,
          type: TemplateType.SignIn,
          payload: { code: `send-${index}` },
        })) as { messageId: string };
        outcomes[index] = { resolved: true, messageId: info.messageId };
      } catch (error: unknown) {
        outcomes[index] = {
          resolved: false,
          description: (adminView(error) as { data?: { errorDescription?: string } }).data?.errorDescription,
        };
      }
    }
  };
  // Nothing hangs: every send settles (each step has a timeout, and retries a time budget).
  await Promise.all(Array.from({ length: concurrency }, worker));
  expect(outcomes.filter(Boolean)).toHaveLength(sends);

  // Messages by the code in their text: each send's own.
  const deliveries = new Map<string, string[]>();
  for (const message of server.messages) {
    const code = /send-\d+/.exec(message.parsed.text ?? '')?.[0] ?? 'unknown';
    deliveries.set(code, [...(deliveries.get(code) ?? []), message.parsed.messageId ?? '']);
  }
  expect(deliveries.has('unknown')).toBe(false);

  const problems: string[] = [];
  outcomes.forEach((outcome, index) => {
    const delivered = deliveries.get(`send-${index}`) ?? [];
    // One more copy after an unknown outcome, never a third, and always the same message.
    if (delivered.length > 2 || new Set(delivered).size > 1) {
      problems.push(
        `send ${index} delivered ${delivered.length} times (${new Set(delivered).size} Message-IDs)`,
      );
    }
    if (outcome.resolved && (delivered.length === 0 || delivered[0] !== outcome.messageId)) {
      problems.push(`send ${index} resolved but delivered ${delivered.length} times`);
    }
    // A rejected send either broke after the whole message, terminator included, had been
    // written (the outcome is unknown, and the error says so), or was not delivered at all.
    if (
      !outcome.resolved &&
      !/may have been delivered/.test(outcome.description ?? '') &&
      delivered.length > 0
    ) {
      problems.push(`send ${index} rejected as not sent, yet delivered`);
    }
  });
  expect(problems).toEqual([]);
  // Every earlier cut (greeting, EHLO, AUTH, MAIL, RCPT, DATA, a body still being written) is
  // retried, so a rejection with the message surely unsent is rare: only a send whose every
  // attempt was cut. At most 1% of sends.
  const needless = outcomes.filter(
    (outcome) => !outcome.resolved && !/may have been delivered/.test(outcome.description ?? ''),
  );
  expect(needless.length).toBeLessThanOrEqual(sends / 100);

  const { cuts } = recorder;
  const hit = new Set(cuts.map((cut) => cut.step));
  const rejectedDelivered = outcomes.filter(
    (outcome, index) => !outcome.resolved && deliveries.has(`send-${index}`),
  ).length;
  const rejected = outcomes.filter((outcome) => !outcome.resolved);
  const byStep = Object.fromEntries(
    [...hit].map((step) => [step, cuts.filter((cut) => cut.step === step).length]),
  );
  console.info(
    `cuts: ${proxy.connectionCount} connections, ${cuts.length} cut ${JSON.stringify(byStep)}; ` +
      `${sends - rejected.length} resolved, ${rejected.length} rejected ` +
      `(${rejectedDelivered} delivered anyway, ${rejected.filter((outcome) => /may have been delivered/.test(outcome.description ?? '')).length} with an unknown outcome); ` +
      `${[...deliveries.values()].filter((ids) => ids.length > 1).length} delivered twice`,
  );
  // The run hit every step, from both sides, dozens of times in all.
  expect(requiredSteps.filter((step) => !hit.has(step))).toEqual([]);
  expect(cuts.filter((cut) => cut.side === 'client').length).toBeGreaterThan(20);
  expect(cuts.filter((cut) => cut.side === 'server').length).toBeGreaterThan(20);
  // Only a cut after the server had the whole message (its reply lost) can leave a rejected send
  // delivered, or make the one more copy a duplicate.
  const endOfDataCuts = cuts.filter((cut) => cut.step === 'end of data').length;
  const duplicated = [...deliveries.values()].filter((ids) => ids.length > 1).length;
  expect(rejectedDelivered + duplicated).toBeLessThanOrEqual(endOfDataCuts);

  await closeSmtpTransports();
  await proxy.close();
  await server.close();
  expect(transportStats().open).toBe(0);
  await expect.poll(openHandles, { timeout: 5000 }).toBeLessThanOrEqual(handlesBefore);
}, 120_000);
