import { type CreateConnector, type EmailConnector, TemplateType } from '@logto/connector-kit';
import officialCreateConnector from '@logto/connector-smtp';
import ourCreateConnector, { closeSmtpTransports } from '@seedworks/connector-smtp';
import {
  officialRequiredTemplates,
  startTcpProxy,
  startTestSmtpServer,
  type TcpProxy,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';

/** One-way delay the proxy adds: a round trip costs 2 × this, as to a provider a few cities away. */
export const oneWayDelayMs = 5;
export const rttMs = 2 * oneWayDelayMs;

export interface Contender {
  name: 'official' | 'ours';
  createConnector: CreateConnector<EmailConnector>;
  /** Closes whatever the connector keeps open, so the next scenario starts cold. */
  reset: () => Promise<void>;
}

export const contenders: Contender[] = [
  {
    name: 'official',
    createConnector: officialCreateConnector,
    reset: async () => undefined,
  },
  { name: 'ours', createConnector: ourCreateConnector, reset: closeSmtpTransports },
];

const credentials = { user: 'bench', pass: 'bench-pass' };

/** A config an admin would paste into either connector. */
const configFor = (proxy: TcpProxy) => ({
  host: proxy.host,
  port: proxy.port,
  auth: { type: 'login', ...credentials },
  fromEmail: 'noreply@example.com',
  templates: officialRequiredTemplates,
});

/** A real SMTP server (AUTH required, PIPELINING offered) behind a proxy adding latency. */
const startRig = async (maxConcurrentConnections?: number) => {
  const server = await startTestSmtpServer({ auth: credentials, maxConcurrentConnections });
  const proxy = await startTcpProxy({ target: server, delayMs: oneWayDelayMs });
  return {
    server,
    proxy,
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
};

/** One send the way Logto makes it: a new `createConnector` for every request. */
const sendOnce = async (contender: Contender, config: unknown, index: number) => {
  const connector = await contender.createConnector({ getConfig: async () => config });
  await connector.sendMessage({
    to: `user${index}@example.com`,
    type: TemplateType.SignIn,
    payload: { code: String(index) },
  });
};

const timed = async (action: () => Promise<unknown>) => {
  const started = performance.now();
  let ok = true;
  try {
    await action();
  } catch {
    ok = false;
  }
  return { ms: performance.now() - started, ok };
};

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

export interface WarmResult {
  medianRtt: number;
  p90Rtt: number;
  /** Round trips the proxy counted per message (client flights after a server reply). */
  roundTripsPerMessage: number;
  connections: number;
}

/** Sequential sends after a warm-up: what one user waits for when the system is not busy. */
export const warmSequential = async (
  contender: Contender,
  messages = 30,
  warmup = 3,
): Promise<WarmResult> => {
  const rig = await startRig();
  try {
    const config = configFor(rig.proxy);
    for (let index = 0; index < warmup; index++) {
      await sendOnce(contender, config, index);
    }
    const tripsBefore = rig.proxy.roundTrips;
    const connectionsBefore = rig.proxy.connectionCount;
    const durations: number[] = [];
    for (let index = 0; index < messages; index++) {
      const { ms, ok } = await timed(() => sendOnce(contender, config, index));
      if (!ok) {
        throw new Error(`${contender.name}: warm send ${index} failed`);
      }
      durations.push(ms);
    }
    return {
      medianRtt: percentile(durations, 50) / rttMs,
      p90Rtt: percentile(durations, 90) / rttMs,
      roundTripsPerMessage: (rig.proxy.roundTrips - tripsBefore) / messages,
      connections: rig.proxy.connectionCount - connectionsBefore,
    };
  } finally {
    await contender.reset();
    await rig.close();
  }
};

export interface BurstResult {
  sent: number;
  delivered: number;
  failed: number;
  slowestRtt: number;
  peakConnections: number;
}

/** Concurrent sends to a server that, like real providers, answers 421 past N connections. */
export const burst = async (contender: Contender, sends = 50, serverLimit = 10): Promise<BurstResult> => {
  const rig = await startRig(serverLimit);
  try {
    const config = configFor(rig.proxy);
    const results = await Promise.all(
      Array.from({ length: sends }, (_, index) => timed(() => sendOnce(contender, config, index))),
    );
    return {
      sent: sends,
      delivered: rig.server.messages.length,
      failed: results.filter((result) => !result.ok).length,
      slowestRtt: Math.max(...results.map((result) => result.ms)) / rttMs,
      peakConnections: rig.server.peakConnections,
    };
  } finally {
    await contender.reset();
    await rig.close();
  }
};

export interface ThroughputResult {
  messagesPerSecond: number;
  /** Average time per message, in round trips (elapsed × concurrency / messages / RTT). */
  rttPerMessage: number;
  delivered: number;
  connectionsOpened: number;
}

/** Sends `messages` messages, `concurrency` at a time. */
const sendAll = async (contender: Contender, config: unknown, messages: number, concurrency: number) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messages) {
        const index = next++;
        await sendOnce(contender, config, index).catch(() => undefined);
      }
    }),
  );
};

/**
 * Sustained load (a sign-up campaign): after a warm-up round, `messages` sends kept
 * `concurrency` at a time.
 */
export const throughput = async (
  contender: Contender,
  messages = 200,
  concurrency = 20,
): Promise<ThroughputResult> => {
  const rig = await startRig();
  try {
    const config = configFor(rig.proxy);
    await sendAll(contender, config, concurrency, concurrency);
    const deliveredBefore = rig.server.messages.length;
    const started = performance.now();
    await sendAll(contender, config, messages, concurrency);
    const seconds = (performance.now() - started) / 1000;
    const delivered = rig.server.messages.length - deliveredBefore;
    return {
      messagesPerSecond: delivered / seconds,
      rttPerMessage: (seconds * 1000 * concurrency) / messages / rttMs,
      delivered,
      connectionsOpened: rig.server.connectionCount,
    };
  } finally {
    await contender.reset();
    await rig.close();
  }
};

export type { TestSmtpServer };
