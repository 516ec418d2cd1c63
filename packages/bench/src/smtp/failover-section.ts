import { TemplateType } from '@logto/connector-kit';
import { startScriptedSmtpServer } from '@seedworks/test-fixtures';
import { printTable, writeResults } from '../report.js';
import { type Contender, official, ourContender } from './contenders.js';
import { configFor, startRig } from './rig.js';

/** The primary's greeting timeout in this scenario; each wait for the silent primary costs one. */
const greetingTimeoutMs = 2000;
const sends = 10;

interface FailoverRun {
  delivered: number;
  totalMs: number;
  /** The total in greeting timeouts: what users waited for the silent primary. */
  totalTimeouts: number;
  primaryConnections: number;
}

/**
 * Ten sends in a row while the primary accepts TCP and never greets (the commonest outage: a
 * wrong `secure` on port 465 looks the same), the admin's config otherwise as in the other
 * scenarios. The official connector has one server; ours has the rig's server as a fallback.
 */
const silentPrimary = async (contender: Contender, withFallback: boolean): Promise<FailoverRun> => {
  const primary = await startScriptedSmtpServer(() => undefined, 'hang');
  const rig = await startRig();
  const config = {
    ...configFor({ host: primary.host, port: primary.port }),
    greetingTimeout: greetingTimeoutMs,
    ...(withFallback && {
      fallbackServers: [{ host: rig.proxy.host, port: rig.proxy.port, auth: rig.config.auth }],
    }),
  };
  let delivered = 0;
  const startedAt = performance.now();
  try {
    for (let index = 0; index < sends; index++) {
      const connector = await contender.createConnector({ getConfig: async () => config });
      await connector
        .sendMessage({ to: `user${index}@example.com`, type: TemplateType.SignIn, payload: { code: '1' } })
        .then(
          () => {
            delivered += 1;
          },
          () => undefined,
        );
    }
    const totalMs = performance.now() - startedAt;
    return {
      delivered,
      totalMs,
      totalTimeouts: totalMs / greetingTimeoutMs,
      primaryConnections: primary.connectionCount,
    };
  } finally {
    await contender.reset();
    await rig.close();
    await primary.close();
  }
};

/** `pnpm bench`'s failover section: prints the comparison and writes `results/smtp-failover.json`. */
export const runFailoverBench = async () => {
  console.log(
    `\nSMTP failover: ${sends} sends in a row, the primary accepts connections and never greets (greetingTimeout ${greetingTimeoutMs} ms).`,
  );
  const results = {
    official: await silentPrimary(official, false),
    oursWithoutFallback: await silentPrimary(ourContender, false),
    ours: await silentPrimary(ourContender, true),
  };
  const rows = (key: keyof FailoverRun, metric: string, better: 'lower' | 'higher', digits = 0) => ({
    metric,
    official: results.official[key],
    ours: results.ours[key],
    better,
    digits,
  });
  printTable('Primary down, ours with one fallback server', [
    rows('delivered', `delivered (of ${sends})`, 'higher'),
    rows('totalTimeouts', 'total time (greeting timeouts)', 'lower', 1),
    rows('primaryConnections', 'connections to the silent primary', 'lower'),
  ]);
  console.log(
    `  ours without a fallback: ${results.oursWithoutFallback.delivered} delivered, ` +
      `${results.oursWithoutFallback.totalTimeouts.toFixed(1)} greeting timeouts, ` +
      `${results.oursWithoutFallback.primaryConnections} connections to the primary.`,
  );
  const file = await writeResults('smtp-failover', {
    generatedAt: new Date().toISOString(),
    greetingTimeoutMs,
    ...results,
  });
  console.log(`SMTP failover results written to ${file}`);
  return results;
};
