import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import {
  smtpConfigFor,
  startScriptedSmtpServer,
  startTestSmtpServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { poolLimits } from '../src/config/defaults.js';
import createConnector, { closeSmtpTransports, transportStats } from '../src/index.js';
import { send } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
const start = async (...args: Parameters<typeof startTestSmtpServer>): Promise<TestSmtpServer> => {
  const server = await startTestSmtpServer(...args);
  closers.push(server.close);
  return server;
};

afterEach(async () => {
  await closeSmtpTransports();
  await Promise.all(closers.splice(0).map((close) => close()));
});

describe('connection reuse', () => {
  it('sends many messages over one connection although createConnector runs for each', async () => {
    const server = await start();
    const config = smtpConfigFor(server);
    for (let index = 0; index < 10; index++) {
      await send(config, { payload: { code: String(index) } });
    }
    await server.waitForMessages(10);
    expect(server.connectionCount).toBe(1);
    expect(new Set(server.messages.map((message) => message.connection))).toEqual(new Set([1]));
    expect(transportStats().open).toBe(1);
  });

  it('shares one pool between configs that differ only in sender, templates or key order', async () => {
    const server = await start();
    const base = smtpConfigFor(server, { tls: { rejectUnauthorized: true, minVersion: 'TLSv1.2' } });
    await send(base);
    const created = transportStats().created;
    await send({ ...base, fromEmail: 'other@example.com', fromName: 'Other' });
    await send({
      ...base,
      templates: [{ usageType: 'Generic', contentType: 'text/plain', subject: 's', content: 'c' }],
    });
    await send({ ...base, tls: { minVersion: 'TLSv1.2', rejectUnauthorized: true } });
    await server.waitForMessages(4);
    expect(transportStats().created).toBe(created);
    expect(server.connectionCount).toBe(1);
  });

  it('bounds concurrent connections at the default maxConnections and delivers every message of a burst', async () => {
    const server = await start();
    const config = smtpConfigFor(server);
    await Promise.all(
      Array.from({ length: 40 }, (_, index) => send(config, { payload: { code: String(index) } })),
    );
    await server.waitForMessages(40);
    expect(server.peakConnections).toBeLessThanOrEqual(poolLimits.maxConnections);
    expect(server.connectionCount).toBeLessThanOrEqual(poolLimits.maxConnections);
    const codes = server.messages.map((message) => message.parsed.text?.match(/\d+/)?.[0]);
    expect(new Set(codes).size).toBe(40);
  });

  it('bounds concurrent connections at the configured maxConnections', async () => {
    const server = await start();
    const config = smtpConfigFor(server, { maxConnections: 2, maxMessages: 3 });
    await Promise.all(
      Array.from({ length: 12 }, (_, index) => send(config, { payload: { code: String(index) } })),
    );
    await server.waitForMessages(12);
    expect(server.peakConnections).toBeLessThanOrEqual(2);
    // 3 messages per connection, then it is replaced: 12 messages need 4 connections.
    const perConnection = new Map<number, number>();
    for (const message of server.messages) {
      perConnection.set(message.connection, (perConnection.get(message.connection) ?? 0) + 1);
    }
    expect(Math.max(...perConnection.values())).toBeLessThanOrEqual(3);
    expect(server.connectionCount).toBeGreaterThanOrEqual(4);
  });

  it('replaces the pool when the stored config changes, closing the old connections', async () => {
    const oldServer = await start();
    const newServer = await start();
    await send(smtpConfigFor(oldServer));
    expect(oldServer.openConnections).toBe(1);

    await send(smtpConfigFor(newServer));
    await oldServer.waitForNoConnections();
    expect(newServer.messages).toHaveLength(1);
    expect(transportStats().open).toBe(1);
  });

  it('lets an in-flight send finish on the old pool when the config changes, then closes it', async () => {
    let acceptOldMessage: () => void = () => undefined;
    const oldMessageAccepted = new Promise<string>((resolve) => {
      acceptOldMessage = () => resolve('250 2.0.0 Queued');
    });
    // The old server holds its answer to the end of DATA until the config has changed.
    const oldServer = await startScriptedSmtpServer(({ verb }) =>
      verb === '.' ? oldMessageAccepted : undefined,
    );
    closers.push(oldServer.close);
    const newServer = await start();

    const inFlight = send(smtpConfigFor(oldServer), { payload: { code: 'old' } });
    await expect.poll(() => oldServer.bodies.length).toBe(1);
    await send(smtpConfigFor(newServer), { payload: { code: 'new' } });
    // Still open: closing it now would lose the message in flight.
    expect(oldServer.openConnections).toBe(1);

    acceptOldMessage();
    await inFlight;
    await expect.poll(() => oldServer.openConnections).toBe(0);
    expect(newServer.messages.map((message) => message.parsed.text?.trim())).toEqual([
      'Your SignIn code is new.',
    ]);
    expect(transportStats().open).toBe(1);
  });

  it('keeps the stored pool while the console tests another config', async () => {
    const stored = await start();
    const tested = await start();
    const connector = await createConnector({ getConfig: async () => smtpConfigFor(stored) });
    const message = { to: 'user@example.com', type: TemplateType.Generic, payload: { code: '1' } };
    await connector.sendMessage(message);
    await connector.sendMessage(message, smtpConfigFor(tested));
    await connector.sendMessage(message);
    expect(stored.connectionCount).toBe(1);
    expect(stored.messages).toHaveLength(2);
    expect(tested.messages).toHaveLength(1);
  });
});

describe('adapting to the server', () => {
  const codesOf = (server: TestSmtpServer) =>
    server.messages.map((message) => message.parsed.text?.match(/code is (\S+)\./)?.[1]);

  it('delivers a whole burst to a server that takes 3 connections, and the next burst knocks no more', async () => {
    const server = await start({ maxConcurrentConnections: 3 });
    const config = smtpConfigFor(server);
    const burst = (prefix: string) =>
      Promise.all(
        Array.from({ length: 20 }, (_, index) => send(config, { payload: { code: `${prefix}${index}` } })),
      );
    await burst('a');
    expect(server.peakConnections).toBeLessThanOrEqual(3);
    const arrivedAfterFirst = server.connectionCount;
    // The first burst met the limit: some connections were refused with 421.
    expect(arrivedAfterFirst).toBeGreaterThan(3);

    await burst('b');
    await server.waitForMessages(40);
    expect(new Set(codesOf(server)).size).toBe(40);
    // The limit was remembered: the second burst used the open connections, none refused.
    expect(server.connectionCount).toBe(arrivedAfterFirst);
  });

  it('sends beyond the limit wait in order', async () => {
    const server = await start();
    const config = smtpConfigFor(server, { maxConnections: 1 });
    await Promise.all(
      Array.from({ length: 6 }, (_, index) => send(config, { payload: { code: `n${index}` } })),
    );
    await server.waitForMessages(6);
    expect(codesOf(server)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']);
  });
});

describe('idle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closes idle connections, then the idle transport, and reconnects on the next send', async () => {
    const server = await start();
    const config = smtpConfigFor(server);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    await send(config);
    expect(server.openConnections).toBe(1);

    await vi.advanceTimersByTimeAsync(poolLimits.connectionIdleTimeout + 1);
    await expect.poll(() => server.openConnections).toBe(0);
    expect(transportStats().open).toBe(1);

    await vi.advanceTimersByTimeAsync(poolLimits.transportIdleTimeout);
    expect(transportStats().open).toBe(0);
    vi.useRealTimers();

    await send(config);
    await server.waitForMessages(2);
    expect(server.connectionCount).toBe(2);
  });
});

describe('recovery', () => {
  it('reconnects transparently when the server dropped the pooled connection', async () => {
    const server = await start();
    const config = smtpConfigFor(server);
    await send(config, { payload: { code: 'first' } });
    server.dropConnections();
    await server.waitForNoConnections();
    await send(config, { payload: { code: 'second' } });
    const messages = await server.waitForMessages(2);
    expect(messages.map((message) => message.parsed.text?.trim())).toEqual([
      'Your SignIn code is first.',
      'Your SignIn code is second.',
    ]);
    expect(server.connectionCount).toBe(2);
  });

  it('retries on another connection when the server answers 421 too many connections', async () => {
    const server = await startScriptedSmtpServer(
      () => undefined,
      (connection) =>
        connection === 1 ? '421 4.7.0 Too many concurrent connections' : '220 scripted.test ESMTP',
    );
    closers.push(server.close);
    await send(smtpConfigFor(server));
    expect(server.connectionCount).toBe(2);
    expect(server.bodies).toHaveLength(1);
  });

  it('retries a 451 at end of data once and delivers exactly one copy', async () => {
    let dataReplies = 0;
    const server = await startScriptedSmtpServer(({ verb }) => {
      if (verb === '.') {
        dataReplies += 1;
        return dataReplies === 1 ? '451 4.3.0 Temporary local problem' : undefined;
      }
      return undefined;
    });
    closers.push(server.close);
    await send(smtpConfigFor(server));
    // The first body was refused (451): only the second was accepted.
    expect(dataReplies).toBe(2);
  });

  it('sends once more, never a third time, when the connection breaks after the body was sent', async () => {
    const server = await startScriptedSmtpServer(({ verb }) => (verb === '.' ? 'close' : undefined));
    closers.push(server.close);
    await expectConnectorError(
      send(smtpConfigFor(server)),
      ConnectorErrorCodes.General,
      /closed the connection.*may have been delivered/,
    );
    expect(server.bodies).toHaveLength(2);
  });

  it('does not retry permanent rejections', async () => {
    let attempts = 0;
    const server = await startScriptedSmtpServer(({ verb }) => {
      if (verb === 'RCPT') {
        attempts += 1;
        return '550 5.1.1 No such user';
      }
      return undefined;
    });
    closers.push(server.close);
    await expectConnectorError(send(smtpConfigFor(server)), ConnectorErrorCodes.General, /recipient/);
    expect(attempts).toBe(1);
  });

  it('leaves no connection open after closeSmtpTransports', async () => {
    const server = await start();
    await Promise.all(Array.from({ length: 6 }, () => send(smtpConfigFor(server))));
    expect(server.openConnections).toBeGreaterThan(0);
    await closeSmtpTransports();
    await server.waitForNoConnections();
    expect(transportStats().open).toBe(0);
  });
});
