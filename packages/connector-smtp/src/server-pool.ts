import type { SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';
import { concurrencyFeedback } from './constant.js';
import type { SmtpError } from './smtp-error.js';

/**
 * One connection's worth of sending: a nodemailer pooled transport limited to one connection.
 * nodemailer's pool keeps it open, logs in again after a break, and replaces it after
 * `maxMessages`; this file only decides how many of them to use.
 */
interface Lane {
  transporter: Transporter;
  busy: boolean;
  /** Messages delivered since its connection was last opened, as far as this file can tell. */
  delivered: number;
  /** When it last finished a send; a lane idle past `idleTimeout` has lost its connection. */
  lastUsedAt: number;
}

interface Waiting {
  mail: SendMailOptions;
  resolve: (info: SentMessageInfo) => void;
  reject: (error: unknown) => void;
}

/**
 * Whether the server refused a connection, or one more: a 421, or another 4xx to the greeting.
 * "This server cannot take mail from us now", not "this message": a failover may move on.
 */
export const isRefusal = (error: SmtpError) =>
  error.responseCode === 421 ||
  (error.command === 'CONN' && typeof error.responseCode === 'number' && error.responseCode < 500);

/** nodemailer's `timeoutType`s for a connection that never became a session. */
const setupTimeouts = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

/** Whether the failure took the connection down (no reply, or a 421): the next send opens a new one. */
const brokeConnection = (error: SmtpError) =>
  typeof error.responseCode !== 'number' || error.responseCode === 421;

/** As nodemailer's pool says it (no code: not a connection failure, so not retried). */
const poolClosed = () => new Error('Connection pool was closed');

/** A server's connections, sized to what it accepts: see {@link createServerPool}. */
export interface ServerPool {
  /**
   * Sends one attempt over a free connection of this server, opening one when the limit allows,
   * else waiting in order. `first`: a retry of a send that was already waiting, so it goes ahead.
   */
  send: (mail: SendMailOptions, options?: { first?: boolean }) => Promise<SentMessageInfo>;
  /**
   * Checks the server on a connection of its own (connect, greeting, EHLO, TLS and login, then
   * QUIT: nodemailer's `verify`), sending nothing; the lanes are not touched.
   */
  verify: () => Promise<true>;
  /** Closes every connection; sends still waiting are rejected. */
  close: () => void;
  /** The current limit, lanes (a lane beyond the limit stays idle until it closes) and waiting sends. */
  stats: () => { limit: number; lanes: number; waiting: number };
}

/**
 * Opens connections to one server as its sends need them, up to a limit that adapts to the
 * server, in the spirit of Postfix's per-destination concurrency scheduler
 * (https://www.postfix.org/SCHEDULER_README.html#concurrency):
 * - The limit starts at `initial` (see `concurrencyFeedback` in constant.ts), and never exceeds
 *   `maxConnections`, the admin's bound.
 * - Slow start: every delivery made while other sends wait raises it by one, so a burst opens more
 *   connections only as fast as the server proves it takes them.
 * - A new connection refused (a 421, or a 4xx to the greeting: "too many connections") sets it
 *   to the other connections, open or opening, at least 1, and that ceiling is remembered for
 *   `rememberMs`: the next burst does not knock on the same limit again. A new connection that
 *   breaks before its first delivery lowers the limit by one, not remembered: a reset is weaker
 *   evidence than a 421. A connection that had delivered and then breaks, 421 included, changes
 *   nothing (servers restart and say so, middleboxes cut long-lived connections); its next send
 *   opens a new one.
 * - Sends beyond the limit wait in order; a retry goes to the head of the line.
 *
 * Why lanes of one-connection nodemailer pools, not our own SMTP client nor one nodemailer pool:
 * nodemailer's pool has a fixed `maxConnections` and says nothing about which connection a
 * failure came from; one-connection pools keep everything nodemailer already does (login,
 * OAuth2 renewal, TLS, proxies, DKIM, reconnects, idle close) and let this file see, per
 * connection, whether it had worked, which is all the feedback needs.
 */
export const createServerPool = (
  createLane: () => Transporter,
  {
    maxConnections,
    idleTimeout,
    initial = concurrencyFeedback.initialConnections,
    rememberMs = concurrencyFeedback.rememberLimitMs,
    now = () => performance.now(),
  }: {
    maxConnections: number;
    /** The config's `idleTimeout`: a lane unused this long has closed its connection. */
    idleTimeout: number;
    initial?: number;
    rememberMs?: number;
    now?: () => number;
  },
): ServerPool => {
  const lanes: Lane[] = [];
  const queue: Waiting[] = [];
  let limit = Math.min(initial, maxConnections);
  let ceiling = maxConnections;
  let ceilingUntil = 0;
  let closed = false;

  const currentCeiling = () => (now() < ceilingUntil ? ceiling : maxConnections);

  const onDelivered = (lane: Lane) => {
    lane.delivered += 1;
    if (queue.length > 0) {
      limit = Math.min(limit + 1, currentCeiling());
    }
  };

  const onFailed = (lane: Lane, error: SmtpError) => {
    const fresh = lane.delivered === 0;
    if (fresh && isRefusal(error)) {
      // The others are open or opening: the server took them, or will answer them as it did this one.
      const others = lanes.length - 1;
      // Refused with no other connection open: the server is busy or restarting, not counting ours.
      if (others >= 1) {
        limit = Math.min(limit, others);
        ceiling = limit;
        ceilingUntil = now() + rememberMs;
      }
      // Dropped: its connection was refused; lanes beyond the limit stay idle.
      if (lanes.includes(lane)) {
        lanes.splice(lanes.indexOf(lane), 1);
      }
      lane.transporter.close();
      return;
    }
    if (brokeConnection(error)) {
      lane.delivered = 0;
      if (fresh) {
        limit = Math.max(1, limit - 1);
      }
    }
    // A new connection timed out before its session (a dead host, a blackhole, no greeting) and
    // none of the server's connections works: every send still waiting would open one more and
    // wait the same timeout, one after another. They fail now with that error (they never
    // started, so a failover moves them on at once); sends already on a connection keep theirs.
    if (
      fresh &&
      setupTimeouts.has(error.timeoutType ?? '') &&
      lanes.every((other) => other.delivered === 0)
    ) {
      for (const waiting of queue.splice(0)) {
        waiting.reject(error);
      }
    }
  };

  const run = (lane: Lane, waiting: Waiting) => {
    if (now() - lane.lastUsedAt > idleTimeout) {
      lane.delivered = 0;
    }
    lane.busy = true;
    const finish = () => {
      lane.busy = false;
      lane.lastUsedAt = now();
      pump();
    };
    lane.transporter.sendMail(waiting.mail).then(
      (info) => {
        onDelivered(lane);
        finish();
        waiting.resolve(info);
      },
      (error: unknown) => {
        onFailed(lane, (error ?? {}) as SmtpError);
        finish();
        waiting.reject(error);
      },
    );
  };

  /** Hands waiting sends to idle lanes, opening lanes while fewer than `limit` are busy. */
  const pump = () => {
    while (!closed && queue.length > 0 && lanes.filter((lane) => lane.busy).length < limit) {
      let lane = lanes.find((candidate) => !candidate.busy);
      if (!lane) {
        lane = { transporter: createLane(), busy: false, delivered: 0, lastUsedAt: now() };
        lanes.push(lane);
      }
      run(lane, queue.shift()!);
    }
  };

  return {
    send: (mail, { first = false } = {}) =>
      new Promise<SentMessageInfo>((resolve, reject) => {
        if (closed) {
          reject(poolClosed());
          return;
        }
        const waiting = { mail, resolve, reject };
        if (first) {
          queue.unshift(waiting);
        } else {
          queue.push(waiting);
        }
        pump();
      }),
    verify: async () => {
      const checker = createLane();
      try {
        return await checker.verify();
      } finally {
        checker.close();
      }
    },
    close: () => {
      closed = true;
      for (const lane of lanes.splice(0)) {
        lane.transporter.close();
      }
      for (const waiting of queue.splice(0)) {
        waiting.reject(poolClosed());
      }
    },
    stats: () => ({ limit, lanes: lanes.length, waiting: queue.length }),
  };
};
