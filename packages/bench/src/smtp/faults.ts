import { type AddressInfo, createServer, type Socket } from 'node:net';
import { TemplateType } from '@logto/connector-kit';
import { seededRandom, startTestSmtpServer } from '@seedworks/test-fixtures';
import { startTcpProxy } from '@seedworks/test-fixtures/net';
import { median } from '../stats.js';
import type { Contender } from './contenders.js';
import { configFor, credentials, oneWayDelayMs, rttMs, sendOnce, withRig } from './rig.js';

/**
 * Where the proxy cuts each connection: after a random number of bytes (most cuts land inside a
 * body: a stress case), or at a random moment after it opened, as server restarts, load balancers
 * and NATs do (`cutWindowMs`).
 */
export type CutPlacement = 'bytes' | 'time';

/** The time-placed cuts' window: each connection is cut this many ms after it opened, uniformly. */
export const cutWindowMs = { from: 100, to: 1500 };

export interface FaultLoadResult {
  sends: number;
  concurrency: number;
  placement: CutPlacement;
  /** Byte placement: every connection is cut after a random number of bytes below this (both directions). */
  maxBytesBeforeCut: number;
  connections: number;
  cuts: number;
  resolved: number;
  rejected: number;
  /** Rejected, yet the server had accepted the message (its reply was cut). */
  rejectedButDelivered: number;
  /** Rejected and never delivered: a retry would have delivered it (the "needless"). */
  needless: number;
  /**
   * Of the needless ones, those whose error said the outcome was unknown: the whole message,
   * terminator included, had been written when the connection broke, so it was not repeated.
   * Only our connector reports this; NaN for the official one.
   */
  needlessWithUnknownOutcome: number;
  /**
   * Cuts that lost a message's terminating <CRLF>.<CRLF> on its way to the server (it was written,
   * it never arrived). No client can tell such a message from one whose reply was lost, so a
   * connector that never sends a message twice must reject it. Under time-placed cuts this is the
   * floor for `needless`; under byte-placed ones, most such cuts land inside the chunk that carries
   * a body and its dot, which only holding the dot back (a round trip per message) would avoid.
   */
  terminatorsLostInFlight: number;
  /**
   * Messages the server accepted twice. A second copy goes out only after the first was written
   * whole and its reply was lost, so each is a message whose first copy had arrived.
   */
  duplicated: number;
  /** Of the duplicated, those whose copies share one Message-ID (a resend, which receivers collapse). */
  duplicatedOneMessageId: number;
  /** Messages the server accepted three times or more. */
  tripled: number;
  /** Sends that resolved although the server never accepted their message. */
  lost: number;
  /** Sends that had not settled `hangAfterMs` after they started. */
  hung: number;
  elapsedMs: number;
  slowestSendRtt: number;
}

const hangAfterMs = 60_000;

type Described = { data?: { errorDescription?: string }; cause?: unknown };

/**
 * A failed send's description as the admin reads it in Logto's log: our connector answers a
 * sign-in's caller with a plain error and keeps the detailed one as its `cause`.
 */
const adminDescription = (error: unknown) => {
  const { cause } = (error ?? {}) as Described;
  const detailed = (cause as Described | undefined)?.data ? cause : error;
  return String((detailed as Described | undefined)?.data?.errorDescription);
};

/**
 * The fault load: `sends` sends, `concurrency` at a time, through a proxy (with the usual
 * latency) that cuts every connection, after a seeded random number of bytes from either side or
 * at a seeded random moment (`placement`). Each send carries its own code, so every delivery is
 * matched to its send.
 */
export const faultLoad = async (
  contender: Contender,
  {
    placement = 'bytes' as CutPlacement,
    sends = 1000,
    concurrency = 50,
    maxBytesBeforeCut = 10_000,
    seed = 20261201,
  } = {},
): Promise<FaultLoadResult> => {
  const server = await startTestSmtpServer({
    auth: credentials,
    serverOptions: { disableReverseLookup: true },
  });
  let terminatorsLostInFlight = 0;
  const proxy = await startTcpProxy({
    target: server,
    delayMs: oneWayDelayMs,
    dropRate: 1,
    maxBytesBeforeDrop: maxBytesBeforeCut,
    ...(placement === 'time' && {
      dropAfterMs: (draw: () => number) => cutWindowMs.from + draw() * (cutWindowMs.to - cutWindowMs.from),
    }),
    random: seededRandom(seed),
    onDrop: ({ lostInFlight }) => {
      if (lostInFlight['client-to-server'].includes('\r\n.\r\n')) {
        terminatorsLostInFlight += 1;
      }
    },
  });
  const config = configFor(proxy);
  const outcomes: Array<{ resolved: boolean; hung: boolean; unknown: boolean; ms: number }> = [];
  const started = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < sends) {
          const index = next++;
          const sendStarted = performance.now();
          let timer: NodeJS.Timeout | undefined;
          const hang = new Promise<'hung'>((resolve) => {
            timer = setTimeout(() => resolve('hung'), hangAfterMs);
          });
          const send = (async () => {
            const connector = await contender.createConnector({ getConfig: async () => config });
            await connector.sendMessage({
              to: `user${index}@example.com`,
              type: TemplateType.Generic,
              payload: { code: `fault-${index}` },
            });
          })().then(
            () => ({ resolved: true, unknown: false }),
            (error: unknown) => ({
              resolved: false,
              unknown: /may have been delivered/.test(adminDescription(error)),
            }),
          );
          const outcome = await Promise.race([send, hang]);
          clearTimeout(timer);
          outcomes[index] = {
            ...(outcome === 'hung' ? { resolved: false, unknown: false } : outcome),
            hung: outcome === 'hung',
            ms: performance.now() - sendStarted,
          };
        }
      }),
    );
  } finally {
    await contender.reset();
  }
  const elapsedMs = performance.now() - started;
  // Let replies already on their way land before counting deliveries.
  await new Promise((resolve) => setTimeout(resolve, 4 * rttMs));
  const deliveries = new Map<string, string[]>();
  for (const message of server.messages) {
    const code = /fault-\d+/.exec(message.parsed.text ?? '')?.[0] ?? 'unknown';
    deliveries.set(code, [...(deliveries.get(code) ?? []), message.parsed.messageId ?? '']);
  }
  const copies = [...deliveries.values()];
  await proxy.close();
  await server.close();

  const delivered = (index: number) => deliveries.get(`fault-${index}`)?.length ?? 0;
  const rejected = outcomes.flatMap((outcome, index) => (outcome.resolved ? [] : [{ ...outcome, index }]));
  const needless = rejected.filter((outcome) => delivered(outcome.index) === 0);
  return {
    sends,
    concurrency,
    placement,
    maxBytesBeforeCut,
    connections: proxy.connectionCount,
    cuts: proxy.droppedCount,
    resolved: sends - rejected.length,
    rejected: rejected.length,
    rejectedButDelivered: rejected.length - needless.length,
    needless: needless.length,
    needlessWithUnknownOutcome:
      contender.name === 'ours' ? needless.filter((outcome) => outcome.unknown).length : Number.NaN,
    terminatorsLostInFlight,
    duplicated: copies.filter((ids) => ids.length === 2).length,
    duplicatedOneMessageId: copies.filter((ids) => ids.length === 2 && ids[0] === ids[1]).length,
    tripled: copies.filter((ids) => ids.length > 2).length,
    lost: outcomes.filter((outcome, index) => outcome.resolved && delivered(index) === 0).length,
    hung: outcomes.filter((outcome) => outcome.hung).length,
    elapsedMs,
    slowestSendRtt: Math.max(...outcomes.map((outcome) => outcome.ms)) / rttMs,
  };
};

export interface ColdResult {
  /** Median of the timed sends, in round trips. */
  medianRtt: number;
  samples: number;
  /** New connections per timed send (1: every timed send was cold). */
  connectionsPerSend: number;
}

/**
 * The first send after the pool went idle: `idleTimeoutMs` is set in the config (our connector
 * closes a connection unused that long), the scenario waits past it, then times one send. The
 * official connector opens a new session for every send, so each of its sends is timed as is.
 */
export const coldAfterIdle = (contender: Contender, samples = 5, idleTimeoutMs = 1000): Promise<ColdResult> =>
  withRig(contender, undefined, async (rig) => {
    const config = { ...rig.config, idleTimeout: idleTimeoutMs };
    await sendOnce(contender, config);
    const durations: number[] = [];
    let connections = 0;
    for (let index = 0; index < samples; index++) {
      await new Promise((resolve) => setTimeout(resolve, idleTimeoutMs + 300));
      const before = rig.proxy.connectionCount;
      const started = performance.now();
      await sendOnce(contender, config);
      durations.push(performance.now() - started);
      connections += rig.proxy.connectionCount - before;
    }
    return { medianRtt: median(durations) / rttMs, samples, connectionsPerSend: connections / samples };
  });

export interface SilentServerResult {
  greetingTimeoutMs: number;
  /** From the send to its rejection. */
  rejectedAfterMs: number;
  /** Connections the send opened: one means it did not retry what the next would meet again. */
  connections: number;
}

/**
 * A server that accepts TCP and never greets (the commonest cause: `secure: false` on port 465),
 * with `greetingTimeout` set: how long the admin waits for the hint.
 */
export const silentServer = async (
  contender: Contender,
  greetingTimeoutMs = 3000,
): Promise<SilentServerResult> => {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let connections = 0;
  server.on('connection', () => {
    connections += 1;
  });
  const config = { ...configFor({ host: '127.0.0.1', port }), greetingTimeout: greetingTimeoutMs };
  const started = performance.now();
  try {
    await sendOnce(contender, config).catch(() => undefined);
    return { greetingTimeoutMs, rejectedAfterMs: performance.now() - started, connections };
  } finally {
    await contender.reset();
    for (const socket of sockets) {
      socket.destroy();
    }
    await new Promise((resolve) => server.close(resolve));
  }
};
