import { format } from 'node:util';
import { redactSecrets } from '@seedworks/connector-common';
import { secretMask } from '../config/secrets.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const levels: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
type LogMethod = (...args: unknown[]) => void;

/** Where log lines go; `console` in production, a recorder in tests. */
type LogSink = (level: Level, line: string) => void;

const consoleSink: LogSink = (level, line) => {
  const method = level === 'warn' ? 'warn' : level === 'error' || level === 'fatal' ? 'error' : 'log';
  console[method](line);
};

let sink: LogSink = consoleSink;

/**
 * Redirects the connector's log lines; `undefined` restores `console`.
 *
 * @internal Test seam: test/secrets.test.ts records the lines to assert that no secret is ever
 * logged; test/setup.ts restores `console` after each test file.
 */
export const setLogSink = (next: LogSink | undefined): void => {
  sink = next ?? consoleSink;
};

/**
 * A bunyan-style logger for nodemailer's `logger` option. nodemailer already hides the AUTH
 * exchange; this also removes any configured secret from every line, whatever printed it
 * (a server echoing a token back in an error reply, say), and drops the message itself: with
 * `debug`, nodemailer logs every chunk of the DATA stream (`tnx: 'message'` at debug level,
 * `_createSendStream` in https://unpkg.com/nodemailer@10.6.0/dist/esm/smtp-connection/index.js),
 * and a sign-in code or a magic link is as good as a password while it lives. The SMTP
 * transcript (commands and replies) stays.
 */
export const createRedactingLogger = (secrets: readonly string[]): Record<Level, LogMethod> =>
  Object.fromEntries(
    levels.map((level) => [
      level,
      (...args: unknown[]) => {
        // bunyan form: an optional data object, then a printf-style message
        const entry =
          typeof args[0] === 'object' && args[0] !== null ? (args.shift() as Record<string, unknown>) : {};
        if (entry.tnx === 'message' && level === 'debug') {
          return;
        }
        const tag = [entry.tnx, entry.cid].filter((part) => part !== undefined).join(' #');
        const line = `[seedworks-smtp] ${level.toUpperCase()}${tag ? ` [${tag}]` : ''} ${format(...args)}`;
        sink(level, redactSecrets(line, secrets, secretMask));
      },
    ]),
  ) as Record<Level, LogMethod>;

/**
 * One line of the connector's own in Logto's log (the failover's choices), with every configured
 * secret masked. Always written, unlike nodemailer's lines, which need `logger`.
 */
export const logLine = (level: 'info' | 'warn', message: string, secrets: readonly string[] = []): void =>
  sink(level, redactSecrets(`[seedworks-smtp] ${level.toUpperCase()} ${message}`, secrets, secretMask));
