import type { SendMailOptions, Transporter } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { createServerPool } from '../src/delivery/server-pool.js';

/** A lane whose sends settle when the test says, one at a time, in order. */
interface FakeLane {
  pending: Array<{
    mail: SendMailOptions;
    resolve: (info: unknown) => void;
    reject: (error: unknown) => void;
  }>;
  closed: boolean;
}

const fakeLanes = () => {
  const lanes: FakeLane[] = [];
  const createLane = () => {
    const lane: FakeLane = { pending: [], closed: false };
    lanes.push(lane);
    return {
      sendMail: (mail: SendMailOptions) =>
        new Promise((resolve, reject) => lane.pending.push({ mail, resolve, reject })),
      close: () => {
        lane.closed = true;
      },
    } as unknown as Transporter;
  };
  const busy = () => lanes.filter((lane) => lane.pending.length > 0);
  return { lanes, createLane, busy };
};

const settle = () => new Promise((resolve) => setImmediate(resolve));
const mail = (index: number): SendMailOptions => ({ messageId: `<${index}@test>` });
const refusal = Object.assign(new Error('Invalid greeting'), { responseCode: 421, command: 'CONN' });
const reset = Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });

const startPool = (options: {
  maxConnections: number;
  initial: number;
  clock?: { now: number };
  deadlineMs?: number;
}) => {
  const fake = fakeLanes();
  const clock = options.clock ?? { now: 0 };
  const pool = createServerPool(fake.createLane, {
    maxConnections: options.maxConnections,
    initial: options.initial,
    idleTimeout: 60_000,
    deadlineMs: options.deadlineMs ?? 60_000,
    rememberMs: 1000,
    now: () => clock.now,
  });
  return { pool, ...fake, clock };
};

/** Sends `count` messages; their outcomes are kept so none is an unhandled rejection. */
const sendMany = (pool: ReturnType<typeof startPool>['pool'], count: number) =>
  Array.from({ length: count }, (_, index) => pool.send(mail(index)).catch((error: unknown) => error));

const greetingTimeout = Object.assign(new Error('Greeting never received'), {
  code: 'ETIMEDOUT',
  timeoutType: 'GREETING_TIMEOUT',
  command: 'CONN',
});

describe('server pool: a server no new connection reaches', () => {
  it('a setup timeout with no working connection fails the waiting sends at once, not one timeout each', async () => {
    const { pool, lanes } = startPool({ maxConnections: 2, initial: 2 });
    const sends = sendMany(pool, 6);
    await settle();
    lanes[0]!.pending.shift()!.reject(greetingTimeout);
    await settle();
    // The 4 that waited failed with it; no third connection was opened for them.
    expect(pool.stats().waiting).toBe(0);
    expect(lanes).toHaveLength(2);
    lanes[1]!.pending.shift()!.reject(greetingTimeout);
    const outcomes = await Promise.all(sends);
    expect(outcomes.every((outcome) => outcome === greetingTimeout)).toBe(true);
  });

  it('a setup timeout while another connection works leaves the waiting sends queued', async () => {
    const { pool, lanes, busy } = startPool({ maxConnections: 2, initial: 2 });
    const sends = sendMany(pool, 6);
    await settle();
    lanes[0]!.pending.shift()!.resolve('250');
    await settle();
    lanes[1]!.pending.shift()!.reject(greetingTimeout);
    await settle();
    expect(pool.stats().waiting).toBeGreaterThan(0);
    while (busy().length > 0) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    const outcomes = await Promise.all(sends);
    expect(outcomes.filter((outcome) => outcome === greetingTimeout)).toHaveLength(1);
  });
});

describe('server pool: how many connections it opens', () => {
  it('opens `initial` connections, then one more per delivery while sends wait, up to maxConnections', async () => {
    const { pool, lanes, busy } = startPool({ maxConnections: 4, initial: 2 });
    const sends = sendMany(pool, 10);
    await settle();
    expect(lanes).toHaveLength(2);

    busy()[0]!.pending.shift()!.resolve('250');
    await settle();
    // One delivery while 8 wait: the limit is 3, so a third connection opens beside the freed one.
    expect(pool.stats().limit).toBe(3);
    expect(lanes).toHaveLength(3);
    expect(busy()).toHaveLength(3);

    for (let round = 0; round < 3; round++) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    expect(pool.stats().limit).toBe(4);
    expect(lanes).toHaveLength(4);
    while (busy().length > 0) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    await Promise.all(sends);
    expect(lanes).toHaveLength(4);
  });

  it('a 421 sets the limit to the other connections and keeps it for rememberMs', async () => {
    const { pool, lanes, busy, clock } = startPool({ maxConnections: 6, initial: 4 });
    const sends = sendMany(pool, 12);
    await settle();
    expect(lanes).toHaveLength(4);
    lanes[3]!.pending.shift()!.reject(refusal);
    await settle();
    expect(lanes[3]!.closed).toBe(true);
    expect(pool.stats().limit).toBe(3);
    // Deliveries do not raise it while the learned limit holds.
    busy()[0]!.pending.shift()!.resolve('250');
    await settle();
    expect(pool.stats().limit).toBe(3);
    expect(busy()).toHaveLength(3);

    clock.now = 1001;
    busy()[0]!.pending.shift()!.resolve('250');
    await settle();
    expect(pool.stats().limit).toBe(4);
    while (busy().length > 0) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    const outcomes = await Promise.all(sends);
    expect(outcomes.filter((outcome) => outcome === refusal)).toHaveLength(1);
  });

  it('a 421 with no other connection open (a server restarting) learns no limit', async () => {
    const { pool, lanes, busy } = startPool({ maxConnections: 4, initial: 4 });
    const first = pool.send(mail(0)).catch((error: unknown) => error);
    await settle();
    lanes[0]!.pending.shift()!.reject(refusal);
    expect(await first).toBe(refusal);
    expect(pool.stats().limit).toBe(4);
    const sends = sendMany(pool, 4);
    await settle();
    expect(busy()).toHaveLength(4);
    while (busy().length > 0) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    await Promise.all(sends);
  });

  it('a 421 on a connection that had delivered (a server shutting down) does not lower the limit', async () => {
    const { pool, busy } = startPool({ maxConnections: 2, initial: 2 });
    const sends = sendMany(pool, 5);
    await settle();
    busy()[0]!.pending.shift()!.resolve('250');
    await settle();
    busy()[0]!.pending.shift()!.reject(refusal);
    await settle();
    expect(pool.stats().limit).toBe(2);
    while (busy().length > 0) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    await Promise.all(sends);
  });

  it('a new connection that breaks before its first delivery lowers the limit by one; one that worked does not', async () => {
    const { pool, busy } = startPool({ maxConnections: 3, initial: 3 });
    const sends = sendMany(pool, 8);
    await settle();
    busy()[0]!.pending.shift()!.resolve('250');
    await settle();
    // The first lane had delivered: its break changes nothing.
    busy()[0]!.pending.shift()!.reject(reset);
    await settle();
    expect(pool.stats().limit).toBe(3);
    // The second lane never delivered: its break counts against the limit.
    busy()[1]!.pending.shift()!.reject(reset);
    await settle();
    expect(pool.stats().limit).toBe(2);
    expect(busy()).toHaveLength(2);
    while (busy().length > 0) {
      busy()[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    await Promise.all(sends);
  });

  it('sends beyond the limit wait in order; a retry goes ahead of them', async () => {
    const { pool, lanes } = startPool({ maxConnections: 1, initial: 1 });
    const order: string[] = [];
    const sends = [1, 2, 3].map((index) => pool.send(mail(index)).then(() => order.push(`${index}`)));
    await settle();
    const retry = pool.send(mail(0), { first: true }).then(() => order.push('retry'));
    await settle();
    expect(lanes).toHaveLength(1);
    for (let round = 0; round < 4; round++) {
      lanes[0]!.pending.shift()!.resolve('250');
      await settle();
    }
    await Promise.all([...sends, retry]);
    expect(order).toEqual(['1', 'retry', '2', '3']);
  });

  it('rejects the sends still waiting when closed', async () => {
    const { pool } = startPool({ maxConnections: 1, initial: 1 });
    const [first, second] = sendMany(pool, 2);
    await settle();
    pool.close();
    await expect(second).resolves.toMatchObject({ message: /pool was closed/ });
    void first;
  });
});

describe('server pool: deadlines', () => {
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('an attempt past its deadline fails, its connection is closed, and a late answer changes nothing', async () => {
    const { pool, lanes } = startPool({ maxConnections: 1, initial: 1, deadlineMs: 50 });
    const outcome = pool.send(mail(1)).catch((error: unknown) => error);
    await settle();
    await wait(80);
    expect(await outcome).toMatchObject({ code: 'ETIMEDOUT', timeoutType: 'ATTEMPT_DEADLINE' });
    expect(lanes[0]!.closed).toBe(true);
    expect(pool.stats().lanes).toBe(0);
    // nodemailer answering the closed connection afterwards is ignored.
    lanes[0]!.pending.shift()!.reject(reset);
    await settle();
    expect(pool.stats()).toMatchObject({ lanes: 0, waiting: 0 });
  });

  it('a send that waits for a connection past the deadline fails without ever starting', async () => {
    const { pool, lanes } = startPool({ maxConnections: 1, initial: 1, deadlineMs: 50 });
    const first = pool.send(mail(1)).catch((error: unknown) => error);
    const queued = pool.send(mail(2)).catch((error: unknown) => error);
    await settle();
    expect(pool.stats().waiting).toBe(1);
    await wait(30);
    lanes[0]!.pending.shift()!.resolve('250');
    await first;
    // The queued one started on the freed connection in time: its own attempt deadline runs now.
    lanes[0]!.pending.shift()!.resolve('250');
    expect(await queued).toBe('250');

    const slow = startPool({ maxConnections: 1, initial: 1, deadlineMs: 50 });
    const held = slow.pool.send(mail(3)).catch((error: unknown) => error);
    const starved = slow.pool.send(mail(4)).catch((error: unknown) => error);
    await wait(80);
    expect(await starved).toMatchObject({
      timeoutType: expect.stringMatching(/QUEUE_DEADLINE|ATTEMPT_DEADLINE/),
    });
    expect(slow.lanes.flatMap((lane) => lane.pending.map((item) => item.mail.messageId))).not.toContain(
      '<4@test>',
    );
    await held;
  });
});
