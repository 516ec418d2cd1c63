import { TemplateType } from '@logto/connector-kit';
import { startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import { type ProxyChunkEvent, startTcpProxy, type TcpProxy } from '@seedworks/test-fixtures/net';
import type { Contender } from './contenders.js';

/** One-way delay the proxy adds: a round trip costs 2 × this, as to a provider a few cities away. */
export const oneWayDelayMs = 5;
export const rttMs = 2 * oneWayDelayMs;

/** The login the rig's server requires. */
export const credentials = { user: 'bench', pass: 'bench-pass' };

/** The config an admin would paste into either connector (the official one needs all four types). */
export const configFor = (proxy: Pick<TcpProxy, 'host' | 'port'>) => ({
  host: proxy.host,
  port: proxy.port,
  auth: { type: 'login', ...credentials },
  fromEmail: 'noreply@example.com',
  templates: (['Generic', 'Register', 'SignIn', 'ForgotPassword'] as const).map((usageType) => ({
    usageType,
    contentType: 'text/plain',
    subject: 'Code',
    content: 'Your code is {{code}}',
  })),
});

export interface Rig {
  server: TestSmtpServer;
  proxy: TcpProxy;
  config: ReturnType<typeof configFor>;
  /** Chunks the proxy saw while `recording` is on. */
  trace: ProxyChunkEvent[];
  recording: boolean;
  close: () => Promise<void>;
}

/** A real SMTP server (AUTH required, PIPELINING offered) behind a proxy adding latency. */
export const startRig = async (maxConcurrentConnections?: number): Promise<Rig> => {
  const server = await startTestSmtpServer({
    auth: credentials,
    maxConcurrentConnections,
    // smtp-server looks the client's address up in DNS before its greeting; this sandbox's
    // resolver takes ~100 ms for 127.0.0.1, a cost of the machine, not of the network modelled.
    serverOptions: { disableReverseLookup: true },
  });
  const rig: Partial<Rig> & Pick<Rig, 'trace' | 'recording'> = { trace: [], recording: false };
  const proxy = await startTcpProxy({
    target: server,
    delayMs: oneWayDelayMs,
    onChunk: (event) => {
      if (rig.recording) {
        rig.trace.push(event);
      }
    },
  });
  return Object.assign(rig, {
    server,
    proxy,
    config: configFor(proxy),
    close: async () => {
      await proxy.close();
      await server.close();
    },
  });
};

/** One send the way Logto makes it: a new `createConnector` for every request. */
export const sendOnce = async (contender: Contender, config: unknown) => {
  const connector = await contender.createConnector({ getConfig: async () => config });
  await connector.sendMessage({
    to: 'user@example.com',
    type: TemplateType.Generic,
    payload: { code: '123456' },
  });
};

/** Runs a scenario on a fresh rig, then closes the contender's pools and the rig whatever happens. */
export const withRig = async <T>(
  contender: Contender,
  maxConcurrentConnections: number | undefined,
  scenario: (rig: Rig) => Promise<T>,
): Promise<T> => {
  const rig = await startRig(maxConcurrentConnections);
  try {
    return await scenario(rig);
  } finally {
    await contender.reset();
    await rig.close();
  }
};
