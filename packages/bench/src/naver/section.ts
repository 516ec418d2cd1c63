import { printTable, type Row, writeResults } from '../report.js';
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
  const naver = {
    official: await signIns('official'),
    ours: await signIns('ours'),
    oursOpenIdConnect: await signIns('ours-oidc'),
  };
  const roundTripRows = (ours: typeof naver.ours): Row[] => [
    {
      metric: 'round trips to Naver, first sign-in',
      official: naver.official.coldRoundTrips,
      ours: ours.coldRoundTrips,
      better: 'lower',
      digits: 0,
    },
    {
      metric: 'round trips to Naver per warm sign-in',
      official: naver.official.warmRoundTrips,
      ours: ours.warmRoundTrips,
      better: 'lower',
      digits: 2,
    },
  ];

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
      ...roundTripRows(naver.ours),
    ],
  );

  // The switch must not cost a warm sign-in a round trip: keys are cached, discovery is not fetched.
  const oidcWarm = naver.oursOpenIdConnect.warmRoundTrips;
  printTable('Naver with openIdConnect on (PKCE, ID token verified against cached keys): 100 sign-ins', [
    {
      metric: 'sign-in, median (ms)',
      official: naver.official.medianMs,
      ours: naver.oursOpenIdConnect.medianMs,
      better: 'lower',
      digits: 2,
    },
    {
      metric: 'TCP connections per 100 sign-ins',
      official: naver.official.connections,
      ours: naver.oursOpenIdConnect.connections,
      better: 'lower',
      digits: 0,
    },
    ...roundTripRows(naver.oursOpenIdConnect).map((row) =>
      row.metric.includes('warm')
        ? {
            ...row,
            target: {
              text: `≤ ${naver.ours.warmRoundTrips} (ours, switch off)`,
              met: oidcWarm <= naver.ours.warmRoundTrips,
            },
          }
        : row,
    ),
  ]);

  const results = { importMs, signIns: naver };
  const file = await writeResults('naver', results);
  console.log(`\nNaver results written to ${file}`);
  return results;
};
