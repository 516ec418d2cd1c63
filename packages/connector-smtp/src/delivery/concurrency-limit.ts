/**
 * How many connections one server's pool may use at once, adapted to the server in the spirit of
 * Postfix's per-destination concurrency scheduler
 * (https://www.postfix.org/SCHEDULER_README.html#concurrency):
 * - The limit starts at `initial` (see `concurrencyFeedback` in config/defaults.ts), and never
 *   exceeds `maxConnections`, the admin's bound.
 * - Slow start: every delivery made while other sends wait raises it by one, so a burst opens more
 *   connections only as fast as the server proves it takes them.
 * - A new connection refused (a 421, or a 4xx to the greeting: "too many connections") sets it
 *   to the other connections, open or opening, at least 1, and that ceiling is remembered for
 *   `rememberMs`: the next burst does not knock on the same limit again. A new connection that
 *   breaks before its first delivery lowers the limit by one, not remembered: a reset is weaker
 *   evidence than a 421. A connection that had delivered and then breaks, 421 included, changes
 *   nothing (servers restart and say so, middleboxes cut long-lived connections); its next send
 *   opens a new one.
 */
export const createConcurrencyLimit = ({
  maxConnections,
  initial,
  rememberMs,
  now,
}: {
  maxConnections: number;
  initial: number;
  rememberMs: number;
  now: () => number;
}) => {
  let limit = Math.min(initial, maxConnections);
  let ceiling = maxConnections;
  let ceilingUntil = 0;

  const currentCeiling = () => (now() < ceilingUntil ? ceiling : maxConnections);

  return {
    current: () => limit,
    /** A delivery while other sends wait (slow start). */
    raise: () => {
      limit = Math.min(limit + 1, currentCeiling());
    },
    /** A new connection refused while `others` were open or opening. */
    refused: (others: number) => {
      // Refused with no other connection open: the server is busy or restarting, not counting ours.
      if (others >= 1) {
        limit = Math.min(limit, others);
        ceiling = limit;
        ceilingUntil = now() + rememberMs;
      }
    },
    /** A new connection broke before its first delivery. */
    lower: () => {
      limit = Math.max(1, limit - 1);
    },
  };
};
