import { ConnectorErrorCodes } from '@logto/connector-kit';
import {
  smtpConfigFor,
  startHttpProxy,
  startSocksProxy,
  startTestSmtpServer,
} from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import { send } from './helpers.js';
import { closeServersAfterEach, freePort } from './servers.js';

const track = closeServersAfterEach();

describe('SMTP through an outbound proxy (proxy setting)', () => {
  it('an http:// proxy carries the session in one CONNECT tunnel, reused by the pool', async () => {
    const server = track(await startTestSmtpServer());
    const proxy = track(await startHttpProxy());
    const config = smtpConfigFor(server, { proxy: proxy.url });
    for (let index = 0; index < 3; index += 1) {
      await send(config, { to: `user${index}@example.com` });
    }
    expect(server.messages).toHaveLength(3);
    expect(proxy.connects).toBe(1);
    expect(proxy.targets).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('a socks5:// proxy carries the session (nodemailer with the bundled socks module)', async () => {
    const server = track(await startTestSmtpServer());
    const proxy = track(await startSocksProxy());
    const config = smtpConfigFor(server, { proxy: proxy.url });
    await Promise.all([0, 1, 2].map((index) => send(config, { to: `user${index}@example.com` })));
    expect(server.messages).toHaveLength(3);
    expect(proxy.connects).toBeGreaterThanOrEqual(1);
    expect(proxy.targets.every((target) => target === `127.0.0.1:${server.port}`)).toBe(true);
    // Every connection the pool opened went through the proxy.
    expect(server.connectionCount).toBe(proxy.connects);
  });

  it('sends proxy credentials from the URL and keeps the password out of errors and logs', async () => {
    const server = track(await startTestSmtpServer());
    const proxy = track(await startHttpProxy());
    const password = 'proxy-password-9f3Kq2Lm';
    const config = smtpConfigFor(server, {
      proxy: `http://relay:${password}@127.0.0.1:${proxy.port}`,
      logger: true,
      debug: true,
    });
    await send(config);
    expect(proxy.authorizations).toEqual([`Basic ${Buffer.from(`relay:${password}`).toString('base64')}`]);
  });

  it('a proxy that refuses the tunnel (407) is InvalidConfig naming the proxy, without its credentials', async () => {
    const server = track(await startTestSmtpServer());
    const proxy = track(await startHttpProxy({ refuseWith: 407 }));
    const error = await expectConnectorError(
      send(smtpConfigFor(server, { proxy: `http://relay:wrong-password-7Hq@127.0.0.1:${proxy.port}` })),
      ConnectorErrorCodes.InvalidConfig,
      /proxy .*refused.*407.*credentials/,
    );
    expect(JSON.stringify(error.data)).not.toContain('relay:');
  });

  it('a proxy that refuses the destination (403) is General and says the proxy refused', async () => {
    const server = track(await startTestSmtpServer());
    const proxy = track(await startHttpProxy({ refuseWith: 403 }));
    await expectConnectorError(
      send(smtpConfigFor(server, { proxy: proxy.url })),
      ConnectorErrorCodes.General,
      /proxy .*refused.*403/,
    );
  });

  it('an unreachable proxy is General and names the proxy, not the mail server', async () => {
    const server = track(await startTestSmtpServer());
    const port = await freePort();
    await expectConnectorError(
      send(smtpConfigFor(server, { proxy: `socks5://127.0.0.1:${port}` })),
      ConnectorErrorCodes.General,
      new RegExp(`proxy socks5://127\\.0\\.0\\.1:${port}`),
    );
  });

  it('refuses a proxy URL with another scheme', async () => {
    await expectConnectorError(
      send(smtpConfigFor({ host: '127.0.0.1', port: 25 }, { proxy: 'ftp://proxy.example.com' })),
      ConnectorErrorCodes.InvalidConfig,
      /proxy: must be a proxy URL/,
    );
  });
});
