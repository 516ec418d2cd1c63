import type { ProxyChunkEvent } from '@seedworks/test-fixtures/net';
import { median, percentile, timed } from '../stats.js';
import type { Contender } from './contenders.js';
import { oneWayDelayMs, type Rig, rttMs, sendOnce, withRig } from './rig.js';

/** One chunk of a traced send, timed in round trips from the start of the send. */
export interface TraceStep {
  /** When the proxy received it. */
  atRtt: number;
  connection: number;
  direction: '→' | '←';
  bytes: number;
  newFlight: boolean;
  /** Its first line, shortened, credentials hidden. */
  line: string;
}

/** Where the time of one send went, read from the chunks the proxy saw. */
export interface SendTrace {
  totalRtt: number;
  flights: number;
  /** Connections opened during the send (their first chunk was the server's 220 greeting). */
  connectionsOpened: number;
  /** From the start of the send until the client could read a new connection's greeting. */
  greetingWaitRtt: number;
  /**
   * Time the client sat on bytes of a flight: a chunk that follows its previous one with no
   * server reply in between and more than 1 ms later (Nagle's algorithm waiting for an ACK).
   */
  stallRtt: number;
  steps: TraceStep[];
}

const firstLine = (data: Buffer, afterChallenge: boolean) => {
  const line = data.toString('latin1').split('\r\n')[0] ?? '';
  if (afterChallenge) {
    return '<credentials>';
  }
  const auth = /^AUTH \S+/i.exec(line);
  if (auth) {
    return `${auth[0]} <credentials>`;
  }
  return line.length > 48 ? `${line.slice(0, 47)}…` : line;
};

const readTrace = (events: ProxyChunkEvent[], startedAt: number, totalMs: number): SendTrace => {
  const toRtt = (ms: number) => ms / rttMs;
  const steps: TraceStep[] = [];
  const seen = new Set<number>();
  const lastClientChunk = new Map<number, number>();
  let challenged = false;
  let connectionsOpened = 0;
  let greetingSeenMs = 0;
  let stallMs = 0;
  for (const event of events) {
    const fromClient = event.direction === 'client-to-server';
    if (!seen.has(event.connection)) {
      seen.add(event.connection);
      if (!fromClient && event.data.toString('latin1').startsWith('220')) {
        connectionsOpened += 1;
        // The client reads it one delay after the proxy got it.
        greetingSeenMs = Math.max(greetingSeenMs, event.at + oneWayDelayMs - startedAt);
      }
    }
    if (fromClient) {
      const previous = lastClientChunk.get(event.connection);
      if (previous !== undefined && event.at - previous > 1) {
        stallMs += event.at - previous;
      }
      lastClientChunk.set(event.connection, event.at);
    } else {
      lastClientChunk.delete(event.connection);
    }
    steps.push({
      atRtt: Number(toRtt(event.at - startedAt).toFixed(2)),
      connection: event.connection,
      direction: fromClient ? '→' : '←',
      bytes: event.bytes,
      newFlight: event.newFlight,
      line: firstLine(event.data, fromClient && challenged),
    });
    if (!fromClient) {
      challenged = event.data.toString('latin1').startsWith('334');
    }
  }
  return {
    totalRtt: toRtt(totalMs),
    flights: steps.filter((step) => step.newFlight).length,
    connectionsOpened,
    greetingWaitRtt: toRtt(greetingSeenMs),
    stallRtt: toRtt(stallMs),
    steps,
  };
};

/** What the proxy sees during one more send: where the round trips go. */
const traceOneSend = async (contender: Contender, rig: Rig): Promise<SendTrace> => {
  rig.trace.length = 0;
  rig.recording = true;
  const startedAt = performance.now();
  const { ms } = await timed(() => sendOnce(contender, rig.config));
  rig.recording = false;
  return readTrace(rig.trace, startedAt, ms);
};

export interface WarmResult {
  messages: number;
  failed: number;
  medianMs: number;
  p90Ms: number;
  medianRtt: number;
  p90Rtt: number;
  /** Client→server flights the proxy counted per message (each waits for an answer, QUIT included). */
  flightsPerMessage: number;
  /** New TCP connections per message; each costs a handshake the proxy does not simulate. */
  connectionsPerMessage: number;
  /** Flights + handshakes: the round trips a real network would charge per message. */
  roundTripsPerMessage: number;
  /** One extra warm send, chunk by chunk. */
  trace: SendTrace;
}

/** Sequential sends after a warm-up: what one user waits for when the system is not busy. */
export const warmSequential = (contender: Contender, messages = 30, warmup = 3): Promise<WarmResult> =>
  withRig(contender, undefined, async (rig) => {
    for (let index = 0; index < warmup; index++) {
      await sendOnce(contender, rig.config);
    }
    const flightsBefore = rig.proxy.flights;
    const connectionsBefore = rig.proxy.connectionCount;
    const durations: number[] = [];
    let failed = 0;
    for (let index = 0; index < messages; index++) {
      const { ms, error } = await timed(() => sendOnce(contender, rig.config));
      if (error) {
        failed += 1;
      } else {
        durations.push(ms);
      }
    }
    const flightsPerMessage = (rig.proxy.flights - flightsBefore) / messages;
    const connectionsPerMessage = (rig.proxy.connectionCount - connectionsBefore) / messages;
    const medianMs = median(durations);
    const p90Ms = percentile(durations, 90);
    return {
      messages,
      failed,
      medianMs,
      p90Ms,
      medianRtt: medianMs / rttMs,
      p90Rtt: p90Ms / rttMs,
      flightsPerMessage,
      connectionsPerMessage,
      roundTripsPerMessage: flightsPerMessage + connectionsPerMessage,
      trace: await traceOneSend(contender, rig),
    };
  });

export interface BurstResult {
  sent: number;
  /** Messages the server accepted. */
  delivered: number;
  /** Sends that rejected (421 at the greeting, for a connector that opens too many connections). */
  failed: number;
  /** Distinct error messages of the failed sends, to see why. */
  errors: string[];
  /** The slowest send, failed ones included, in round trips. */
  slowestRtt: number;
  /** The slowest send that succeeded, in round trips. */
  slowestDeliveredRtt: number;
  medianRtt: number;
  connectionsOpened: number;
  peakConnections: number;
  /**
   * When the first client command reached the proxy: after the greeting on a new connection, and
   * after every send's preparation has run (they start together on one event loop).
   */
  firstClientBytesRtt: number;
  /** When the last connection was logged in (its 235 reached the proxy). */
  lastAuthenticatedRtt: number;
  /** Messages delivered over the busiest connection: how deep the queue behind a pool slot got. */
  maxMessagesPerConnection: number;
}

/**
 * Concurrent sends to a server that, like real providers, answers 421 past `serverLimit`
 * connections. `overrides` change the config (e.g. our `maxConnections`).
 */
export const burst = (
  contender: Contender,
  sends = 50,
  serverLimit = 10,
  overrides: Record<string, unknown> = {},
): Promise<BurstResult> =>
  withRig(contender, serverLimit, async (rig) => {
    const config = { ...rig.config, ...overrides };
    rig.recording = true;
    const startedAt = performance.now();
    const results = await Promise.all(
      Array.from({ length: sends }, () => timed(() => sendOnce(contender, config))),
    );
    rig.recording = false;
    const sinceStart = (at: number | undefined) => (at === undefined ? Number.NaN : (at - startedAt) / rttMs);
    const perConnection = new Map<number, number>();
    for (const message of rig.server.messages) {
      perConnection.set(message.connection, (perConnection.get(message.connection) ?? 0) + 1);
    }
    const succeeded = results.filter((result) => !result.error).map((result) => result.ms);
    const errors = results.flatMap((result) =>
      result.error ? [result.error instanceof Error ? result.error.message : String(result.error)] : [],
    );
    return {
      sent: sends,
      delivered: rig.server.messages.length,
      failed: errors.length,
      errors: [...new Set(errors)],
      slowestRtt: Math.max(...results.map((result) => result.ms)) / rttMs,
      slowestDeliveredRtt: (succeeded.length > 0 ? Math.max(...succeeded) : Number.NaN) / rttMs,
      medianRtt: median(results.map((result) => result.ms)) / rttMs,
      connectionsOpened: rig.server.connectionCount,
      peakConnections: rig.server.peakConnections,
      firstClientBytesRtt: sinceStart(rig.trace.find((event) => event.direction === 'client-to-server')?.at),
      lastAuthenticatedRtt: sinceStart(
        rig.trace.findLast(
          (event) =>
            event.direction === 'server-to-client' && event.data.toString('latin1').startsWith('235'),
        )?.at,
      ),
      maxMessagesPerConnection: Math.max(0, ...perConnection.values()),
    };
  });

export interface ThroughputResult {
  messages: number;
  concurrency: number;
  delivered: number;
  failed: number;
  elapsedMs: number;
  messagesPerSecond: number;
  /** Messages delivered per round trip of wall time. */
  messagesPerRtt: number;
  /** Mean time of one send under this load, in round trips. */
  meanSendRtt: number;
  /** Connections opened over the whole scenario, warm-up included. */
  connectionsOpened: number;
  peakConnections: number;
}

/** Sends `messages` messages, `concurrency` at a time; returns each send's time and outcome. */
const sendAll = async (contender: Contender, config: unknown, messages: number, concurrency: number) => {
  const results: Awaited<ReturnType<typeof timed>>[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages) {
        next += 1;
        results.push(await timed(() => sendOnce(contender, config)));
      }
    }),
  );
  return results;
};

/** Sustained load (a sign-up campaign): a warm-up round, then `messages` sends, `concurrency` at a time. */
export const throughput = (
  contender: Contender,
  messages = 100,
  concurrency = 20,
): Promise<ThroughputResult> =>
  withRig(contender, undefined, async (rig) => {
    await sendAll(contender, rig.config, concurrency, concurrency);
    const deliveredBefore = rig.server.messages.length;
    const started = performance.now();
    const results = await sendAll(contender, rig.config, messages, concurrency);
    const elapsedMs = performance.now() - started;
    const delivered = rig.server.messages.length - deliveredBefore;
    return {
      messages,
      concurrency,
      delivered,
      failed: results.filter((result) => result.error).length,
      elapsedMs,
      messagesPerSecond: delivered / (elapsedMs / 1000),
      messagesPerRtt: delivered / (elapsedMs / rttMs),
      meanSendRtt: results.reduce((sum, result) => sum + result.ms, 0) / results.length / rttMs,
      connectionsOpened: rig.server.connectionCount,
      peakConnections: rig.server.peakConnections,
    };
  });

/**
 * Runs a one-shot scenario `runs` times (one burst is a single sample, and a garbage collection
 * or a busy core moves it by several RTT) and returns the run with the median `slowestRtt`, with
 * every run's figure beside it.
 */
export const medianRun = async <T extends { slowestRtt: number }>(
  scenario: () => Promise<T>,
  runs = 5,
): Promise<T & { slowestRttRuns: number[] }> => {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) {
    results.push(await scenario());
  }
  const sorted = [...results].sort((a, b) => a.slowestRtt - b.slowestRtt);
  return {
    ...sorted[Math.floor(runs / 2)]!,
    slowestRttRuns: results.map((result) => Number(result.slowestRtt.toFixed(1))),
  };
};
