import type { SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';
import { concurrencyFeedback } from '../config/defaults.js';
import type { SmtpError } from '../errors/smtp-error.js';
import { createConcurrencyLimit } from './concurrency-limit.js';
import {
  brokeConnection,
  closeBusy,
  deadlineError,
  isRefusal,
  poolClosed,
  serverTimeouts,
} from './pool-failures.js';

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
  /** Fails the send if it is still waiting for a connection when its deadline passes. */
  queueTimer?: NodeJS.Timeout;
}

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
 * server (concurrency-limit.ts: slow start, a refusal remembered). Sends beyond the limit wait in
 * order; a retry goes to the head of the line.
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
    deadlineMs,
    initial = concurrencyFeedback.initialConnections,
    rememberMs = concurrencyFeedback.rememberLimitMs,
    now = () => performance.now(),
  }: {
    maxConnections: number;
    /** The config's `idleTimeout`: a lane unused this long has closed its connection. */
    idleTimeout: number;
    /**
     * The most one attempt may take, from its start on a connection to the reply to its final
     * dot, and the most a send may wait for a connection (see `attemptDeadlineMs` in config/defaults.ts).
     */
    deadlineMs: number;
    initial?: number;
    rememberMs?: number;
    now?: () => number;
  },
): ServerPool => {
  const lanes: Lane[] = [];
  const queue: Waiting[] = [];
  const limit = createConcurrencyLimit({ maxConnections, initial, rememberMs, now });
  let closed = false;

  const onDelivered = (lane: Lane) => {
    lane.delivered += 1;
    if (queue.length > 0) {
      limit.raise();
    }
  };

  const onFailed = (lane: Lane, error: SmtpError) => {
    const fresh = lane.delivered === 0;
    if (fresh && isRefusal(error)) {
      // The others are open or opening: the server took them, or will answer them as it did this one.
      limit.refused(lanes.length - 1);
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
        limit.lower();
      }
    }
    // A new connection timed out before its session (a dead host, a blackhole, no greeting) and
    // none of the server's connections works: every send still waiting would open one more and
    // wait the same timeout, one after another. They fail now with that error (they never
    // started, so a failover moves them on at once); sends already on a connection keep theirs.
    if (
      fresh &&
      serverTimeouts.has(error.timeoutType ?? '') &&
      lanes.every((other) => other.delivered === 0)
    ) {
      for (const waiting of queue.splice(0)) {
        clearTimeout(waiting.queueTimer);
        waiting.reject(error);
      }
    }
  };

  const run = (lane: Lane, waiting: Waiting) => {
    if (now() - lane.lastUsedAt > idleTimeout) {
      lane.delivered = 0;
    }
    lane.busy = true;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(deadline);
      lane.busy = false;
      lane.lastUsedAt = now();
      outcome();
      pump();
    };
    // Past the deadline the connection is closed (the lane goes with it) and the send fails:
    // retry.ts and failover.ts then decide, as for any timeout, whether it may go elsewhere.
    const deadline = setTimeout(() => {
      const error = deadlineError('ATTEMPT_DEADLINE', deadlineMs);
      settle(() => {
        onFailed(lane, error);
        if (lanes.includes(lane)) {
          lanes.splice(lanes.indexOf(lane), 1);
        }
        closeBusy(lane.transporter);
        waiting.reject(error);
      });
    }, deadlineMs);
    // The socket keeps a process alive while it matters; the timer alone need not.
    deadline.unref();
    lane.transporter.sendMail(waiting.mail).then(
      (info) =>
        settle(() => {
          onDelivered(lane);
          waiting.resolve(info);
        }),
      (error: unknown) =>
        settle(() => {
          onFailed(lane, (error ?? {}) as SmtpError);
          waiting.reject(error);
        }),
    );
  };

  /** Hands waiting sends to idle lanes, opening lanes while fewer than `limit` are busy. */
  const pump = () => {
    while (!closed && queue.length > 0 && lanes.filter((lane) => lane.busy).length < limit.current()) {
      let lane = lanes.find((candidate) => !candidate.busy);
      if (!lane) {
        lane = { transporter: createLane(), busy: false, delivered: 0, lastUsedAt: now() };
        lanes.push(lane);
      }
      const waiting = queue.shift()!;
      clearTimeout(waiting.queueTimer);
      run(lane, waiting);
    }
  };

  return {
    send: (mail, { first = false } = {}) =>
      new Promise<SentMessageInfo>((resolve, reject) => {
        if (closed) {
          reject(poolClosed());
          return;
        }
        const waiting: Waiting = { mail, resolve, reject };
        waiting.queueTimer = setTimeout(() => {
          const index = queue.indexOf(waiting);
          if (index >= 0) {
            queue.splice(index, 1);
            reject(deadlineError('QUEUE_DEADLINE', deadlineMs));
          }
        }, deadlineMs);
        waiting.queueTimer.unref();
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
        clearTimeout(waiting.queueTimer);
        waiting.reject(poolClosed());
      }
    },
    stats: () => ({ limit: limit.current(), lanes: lanes.length, waiting: queue.length }),
  };
};
