import { TemplateType } from '@logto/connector-kit';
import { seededRandom, smtpConfigFor, startTcpProxy, startTestSmtpServer } from '@seedworks/test-fixtures';
import { expect, it } from 'vitest';
import createConnector, { closeSmtpTransports, transportStats } from '../src/index.js';

const sends = 1000;
const concurrency = 50;

/** Sockets and timers this process holds (Node's own view, as `why-is-node-running` uses). */
const openHandles = () =>
  process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap' || name === 'Timeout').length;

// 10% is the scenario asked for; pooled connections carry up to 100 messages, so it cuts only a
// few of them. 50% with cut points spread over a connection's whole life provokes dozens.
it.each([
  [0.1, 4_000],
  [0.5, 80_000],
])(
  '%s of connections cut within %s bytes: 1000 sends at 50 concurrent settle, none duplicates, nothing leaks',
  async (dropRate, maxBytesBeforeDrop) => {
    const handlesBefore = openHandles();
    const server = await startTestSmtpServer();
    const proxy = await startTcpProxy({
      target: server,
      dropRate,
      maxBytesBeforeDrop,
      random: seededRandom(20261123),
    });
    const config = smtpConfigFor(proxy, {
      connectionTimeout: 2000,
      greetingTimeout: 2000,
      socketTimeout: 2000,
    });

    const resolvedIds: string[] = [];
    let rejected = 0;
    let next = 0;
    const worker = async () => {
      while (next < sends) {
        const index = next++;
        const connector = await createConnector({ getConfig: async () => config });
        try {
          const info = (await connector.sendMessage({
            to: `user${index}@example.com`,
            type: TemplateType.SignIn,
            payload: { code: String(index) },
          })) as { messageId: string };
          resolvedIds.push(info.messageId);
        } catch {
          rejected += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));

    // Every call settled (Promise.all returned) and was counted once.
    expect(resolvedIds.length + rejected).toBe(sends);
    expect(proxy.droppedCount).toBeGreaterThan(0);

    const receivedIds = server.messages.map((message) => message.parsed.messageId);
    // No message arrived twice.
    expect(new Set(receivedIds).size).toBe(receivedIds.length);
    // Every resolved send arrived, exactly once.
    const received = new Set(receivedIds);
    expect(resolvedIds.filter((id) => !received.has(id))).toEqual([]);
    // Drops hurt only the messages on the cut connections.
    expect(resolvedIds.length).toBeGreaterThan(sends * 0.8);

    await closeSmtpTransports();
    await proxy.close();
    await server.close();
    expect(transportStats().open).toBe(0);
    await expect.poll(openHandles, { timeout: 5000 }).toBeLessThanOrEqual(handlesBefore);
    console.info(
      `faults: ${proxy.connectionCount} connections, ${proxy.droppedCount} dropped; ${resolvedIds.length} resolved, ${rejected} rejected, ${receivedIds.length} received`,
    );
  },
  120_000,
);
