import { printTable, writeResults } from '../report.js';
import { coldImportMs, naverModules, signIns } from './naver-bench.js';

/** The Naver section of `pnpm bench`: prints the comparison and writes `results/naver.json`. */
export const runNaverBench = async () => {
  console.log(
    '\nNaver: a local mock Naver over HTTP; the official connector’s requests to Naver’s hosts are routed to it',
  );
  const importMs = {
    official: await coldImportMs(naverModules.official),
    ours: await coldImportMs(naverModules.ours),
  };
  const naver = { official: await signIns('official'), ours: await signIns('ours') };

  printTable(
    'Naver: cold import and 100 sign-ins (authorization URL + authorize + code exchange + profile)',
    [
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
    ],
  );

  const results = { importMs, signIns: naver };
  const file = await writeResults('naver', results);
  console.log(`\nNaver results written to ${file}`);
  return results;
};
