/**
 * `pnpm bench`: our connectors against the official ones, side by side in one run. Absolute
 * times depend on the machine; round trips and ratios are the figures to compare.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { coldImportMs, naverModules, signIns } from './naver-bench.js';
import { burst, contenders, oneWayDelayMs, rttMs, throughput, warmSequential } from './smtp-bench.js';
import { printTable } from './table.js';

const [official, ours] = contenders as [(typeof contenders)[0], (typeof contenders)[1]];

console.log(
  `SMTP: real smtp-server (AUTH, PIPELINING) behind a proxy adding ${oneWayDelayMs} ms each way (RTT ${rttMs} ms)`,
);

const warm = { official: await warmSequential(official), ours: await warmSequential(ours) };
const burstResult = { official: await burst(official), ours: await burst(ours) };
const load = { official: await throughput(official), ours: await throughput(ours) };

printTable('Warm sequential send (30 messages after 3 warm-up, new createConnector per send)', [
  {
    metric: 'median latency (RTT)',
    official: warm.official.medianRtt,
    ours: warm.ours.medianRtt,
    better: 'lower',
  },
  { metric: 'p90 latency (RTT)', official: warm.official.p90Rtt, ours: warm.ours.p90Rtt, better: 'lower' },
  {
    metric: 'round trips counted per message',
    official: warm.official.roundTripsPerMessage,
    ours: warm.ours.roundTripsPerMessage,
    better: 'lower',
  },
  {
    metric: 'connections opened',
    official: warm.official.connections,
    ours: warm.ours.connections,
    better: 'lower',
    digits: 0,
  },
]);

printTable('Burst: 50 concurrent sends, server allows 10 connections (421 beyond)', [
  {
    metric: 'delivered of 50',
    official: burstResult.official.delivered,
    ours: burstResult.ours.delivered,
    better: 'higher',
    digits: 0,
  },
  {
    metric: 'failed sends',
    official: burstResult.official.failed,
    ours: burstResult.ours.failed,
    better: 'lower',
    digits: 0,
  },
  {
    metric: 'slowest send (RTT)',
    official: burstResult.official.slowestRtt,
    ours: burstResult.ours.slowestRtt,
    better: 'lower',
  },
  {
    metric: 'peak connections',
    official: burstResult.official.peakConnections,
    ours: burstResult.ours.peakConnections,
    better: 'lower',
    digits: 0,
  },
]);

printTable('Throughput: 200 messages, 20 concurrent (after a 20-message warm-up)', [
  {
    metric: 'messages / second',
    official: load.official.messagesPerSecond,
    ours: load.ours.messagesPerSecond,
    better: 'higher',
  },
  {
    metric: 'time per message (RTT)',
    official: load.official.rttPerMessage,
    ours: load.ours.rttPerMessage,
    better: 'lower',
  },
  {
    metric: 'delivered of 200',
    official: load.official.delivered,
    ours: load.ours.delivered,
    better: 'higher',
    digits: 0,
  },
  {
    metric: 'connections opened',
    official: load.official.connectionsOpened,
    ours: load.ours.connectionsOpened,
    better: 'lower',
    digits: 0,
  },
]);

await mkdir(new URL('../results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('../results/smtp.json', import.meta.url),
  `${JSON.stringify({ rttMs, warm, burst: burstResult, throughput: load }, null, 2)}\n`,
);

console.log(
  '\nNaver: a local mock Naver over HTTP; the official connector’s requests to Naver’s hosts are routed to it',
);
const importMs = {
  official: await coldImportMs(naverModules.official),
  ours: await coldImportMs(naverModules.ours),
};
const naver = { official: await signIns('official'), ours: await signIns('ours') };

printTable('Naver: cold import and 100 sign-ins (authorization URL + authorize + code exchange + profile)', [
  {
    metric: 'cold import (ms, fresh process)',
    official: importMs.official,
    ours: importMs.ours,
    better: 'lower',
  },
  {
    metric: 'sign-in, median (ms)',
    official: naver.official.medianMs,
    ours: naver.ours.medianMs,
    better: 'lower',
    digits: 2,
  },
  {
    metric: 'TCP connections per 100 sign-ins',
    official: naver.official.connections,
    ours: naver.ours.connections,
    better: 'lower',
    digits: 0,
  },
]);

await writeFile(
  new URL('../results/naver.json', import.meta.url),
  `${JSON.stringify({ importMs, signIns: naver }, null, 2)}\n`,
);
