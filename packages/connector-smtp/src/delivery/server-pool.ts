import type { SendMailOptions, SentMessageInfo, Transporter } from 'nodemailer';
import { concurrencyFeedback } from '../config/defaults.js';
import type { SmtpError } from '../errors/smtp-error.js';

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

/**
 * nodemailer's `timeoutType`s for a connection that never became a session, and ours for an
 * attempt that outlived its deadline (`ATTEMPT_DEADLINE`) or never got a connection
 * (`QUEUE_DEADLINE`): the next attempt on this server would meet the same.
 */
export const serverTimeouts = new Set([
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ATTEMPT_DEADLINE',
  'QUEUE_DEADLINE',
]);

/**
 * A send this pool gave up on: nodemailer's timeouts restart with every line the server writes,
 * so a server answering one line a second never trips them; the deadline bounds the whole attempt.
 */
const deadlineError = (timeoutType: 'ATTEMPT_DEADLINE' | 'QUEUE_DEADLINE', deadlineMs: number) =>
  Object.assign(
    new Error(
      timeoutType === 'ATTEMPT_DEADLINE'
        ? `The attempt did not finish within its ${deadlineMs} ms deadline`
        : `No connection was free within the ${deadlineMs} ms deadline`,
    ),
    { code: 'ETIMEDOUT', timeoutType, deadlineMs },
  );

/**
 * Whether the server refused a connection, or one more: a 421, or another 4xx to the greeting.
 * "This server cannot take mail from us now", not "this message": a failover may move on.
 */
export const isRefusal = (error: SmtpError) =>
  error.responseCode === 421 ||
  (error.command === 'CONN' && typeof error.responseCode === 'number' && error.responseCode < 500);

/** Whether the failure took the connection down (no reply, or a 421): the next send opens a new one. */
const brokeConnection = (error: SmtpError) =>
  typeof error.responseCode !== 'number' || error.responseCode === 421;

/**
 * Closes a lane's connection in the middle of a send: nodemailer's pool closes busy connections
 * only with `force` (`close` in https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-pool/index.js).
 */
const closeBusy = (transporter: Transporter) =>
  (transporter as unknown as { close: (options: { force: boolean }) => void }).close({ force: true });

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
 * - The limit starts at `initial` (see `concurrencyFeedback` in config/defaults.ts), and never exceeds
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
    while (!closed && queue.length > 0 && lanes.filter((lane) => lane.busy).length < limit) {
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
    stats: () => ({ limit, lanes: lanes.length, waiting: queue.length }),
  };
};
