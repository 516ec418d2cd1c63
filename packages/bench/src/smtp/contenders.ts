import type { CreateConnector, EmailConnector } from '@logto/connector-kit';
import officialCreateConnector from '@logto/connector-smtp';
import * as ours from '@seedworks/connector-smtp';

export type ContenderName = 'official' | 'ours';

/** A connector under test, as Logto loads it: a default-exported `createConnector`. */
export interface Contender {
  name: ContenderName;
  createConnector: CreateConnector<EmailConnector>;
  /** Closes whatever the connector keeps open between sends, so each scenario starts cold. */
  reset: () => Promise<void>;
}

/** Some bundlers wrap a CommonJS default export once more; accept either shape. */
const unwrapDefault = <T>(value: T | { default: T }): T =>
  typeof value === 'function' ? (value as T) : (value as { default: T }).default;

export const official: Contender = {
  name: 'official',
  createConnector: unwrapDefault(officialCreateConnector),
  // It opens and closes a connection per send: nothing is left open.
  reset: async () => undefined,
};

export const ourContender: Contender = {
  name: 'ours',
  createConnector: unwrapDefault(ours.default),
  reset: async () => {
    // Guarded: the export is part of our connector's contract, but a half-built one may lack it.
    if (typeof ours.closeSmtpTransports === 'function') {
      await ours.closeSmtpTransports();
    }
  },
};
