import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { SocksClient } from 'socks';
import { attemptDeadlineMs, poolLimits } from '../config/defaults.js';
import { credentialKey } from '../config/secrets.js';
import { watchMessageStream } from './attempt-progress.js';
import { createServerPool, type ServerPool } from './server-pool.js';

/**
 * Which config a send uses: the stored one, or the one the console's "send test" passes in; with
 * `:<n>` appended, that config's n-th fallback server (failover.ts).
 * Each role holds one transport; a new config for a role retires the previous one.
 */
export type ConfigRole = 'stored' | 'test' | `${'stored' | 'test'}:${number}`;

interface Entry {
  key: string;
  pool: ServerPool;
  inFlight: number;
  retired: boolean;
  idleTimer?: NodeJS.Timeout;
}

/** A server's pool borrowed for one send; `release` must be called once the send settles. */
export interface TransportLease {
  pool: ServerPool;
  release: () => void;
}

/*
 * Module level on purpose: Logto calls `createConnector` again for every request, so state kept
 * in the connector object would be rebuilt, and its connections leaked, on every sign-in.
 */
const entries = new Map<string, Entry>();
const keyByRole = new Map<ConfigRole, string>();
let transportsCreated = 0;

/** Keys sorted at every depth, so two configs that differ only in key order share a pool. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );

/**
 * Identifies a pool by the options it was built from. The logger is an object of functions;
 * only whether there is one matters. A digest, so credentials are not kept as map keys.
 */
const transportKey = (options: SMTPPool.Options): string =>
  credentialKey(stableJson({ ...options, logger: Boolean(options.logger) }));

/**
 * A nodemailer transport of one pooled connection (a lane of the server's pool); SOCKS proxies
 * need the `socks` module handed in (https://nodemailer.com/smtp/proxies/), HTTP CONNECT
 * proxies are built in.
 */
const createTransporter = (options: SMTPPool.Options): Transporter => {
  const transporter = nodemailer.createTransport({ ...options, maxConnections: 1 });
  // Tells the retry policy whether a failed attempt can have written the end of its message.
  transporter.use('stream', watchMessageStream);
  if (options.proxy?.startsWith('socks')) {
    transporter.set('proxy_socks_module', { SocksClient });
  }
  return transporter;
};

/** The pool of one server: lanes built from these options, as many as the server takes. */
const createPool = (options: SMTPPool.Options): ServerPool =>
  createServerPool(() => createTransporter(options), {
    maxConnections: options.maxConnections ?? poolLimits.maxConnections,
    idleTimeout: options.idleTimeout ?? poolLimits.connectionIdleTimeout,
    deadlineMs: attemptDeadlineMs(options),
  });

const close = (entry: Entry) => {
  clearTimeout(entry.idleTimer);
  const current = entries.get(entry.key);
  if (current === entry) {
    entries.delete(entry.key);
  }
  // A retired entry closing late must not unlink a role from a newer pool under the same key.
  if (current === undefined || current === entry) {
    for (const [role, key] of keyByRole) {
      if (key === entry.key) {
        keyByRole.delete(role);
      }
    }
  }
  entry.pool.close();
};

const isReferenced = (key: string) => [...keyByRole.values()].includes(key);

/** Retires an entry no role refers to any more: closed now if idle, else after its last send. */
const retireIfUnused = (key: string | undefined) => {
  const entry = key === undefined ? undefined : entries.get(key);
  if (!entry || isReferenced(key!)) {
    return;
  }
  entry.retired = true;
  entries.delete(entry.key);
  if (entry.inFlight === 0) {
    close(entry);
  }
};

const armIdleTimer = (entry: Entry) => {
  clearTimeout(entry.idleTimer);
  entry.idleTimer = setTimeout(() => close(entry), poolLimits.transportIdleTimeout);
  // An idle pool must not keep a process (a CLI, a test run) alive.
  entry.idleTimer.unref();
};

/**
 * Borrows the pooled transport for these options, creating it on first use. Options that differ
 * only in what a message carries (sender, templates) map to the same pool. If `role` used other
 * options until now, that transport is closed once its sends finish.
 */
export const acquireTransport = (role: ConfigRole, options: SMTPPool.Options): TransportLease => {
  const key = transportKey(options);
  let entry = entries.get(key);
  if (!entry) {
    entry = { key, pool: createPool(options), inFlight: 0, retired: false };
    entries.set(key, entry);
    transportsCreated += 1;
  }
  const previousKey = keyByRole.get(role);
  keyByRole.set(role, key);
  if (previousKey !== key) {
    retireIfUnused(previousKey);
  }

  const leased = entry;
  leased.inFlight += 1;
  clearTimeout(leased.idleTimer);
  let released = false;
  return {
    pool: leased.pool,
    release: () => {
      if (released) {
        return;
      }
      released = true;
      leased.inFlight -= 1;
      if (leased.inFlight > 0) {
        return;
      }
      if (leased.retired) {
        close(leased);
      } else {
        armIdleTimer(leased);
      }
    },
  };
};

/** Open transports and their in-flight sends, for tests and diagnostics. */
export const transportStats = () => ({
  open: entries.size,
  created: transportsCreated,
  inFlight: [...entries.values()].reduce((sum, entry) => sum + entry.inFlight, 0),
});

/**
 * Closes every pooled transport. Logto never needs this (pools close themselves when idle);
 * scripts, tests and benchmarks call it so the process can exit at once.
 */
export const closeSmtpTransports = async (): Promise<void> => {
  for (const entry of [...entries.values()]) {
    close(entry);
  }
  keyByRole.clear();
  // Let the sockets' close events run before the caller checks for open handles.
  await new Promise((resolve) => setImmediate(resolve));
};
