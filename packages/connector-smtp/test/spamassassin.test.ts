import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestSmtpServer, type TestSmtpServer } from '@seedworks/test-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSmtpTransports } from '../src/index.js';
import { type ReceivedBuiltIn, receiveAllBuiltIn } from './built-in-emails.js';

/** Debian's `spamassassin` (`.ci/run` installs it); where it is missing, the suite says so and skips. */
const spamassassin = ['/usr/bin/spamassassin', '/usr/local/bin/spamassassin'].find((candidate) => {
  try {
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});
if (!spamassassin) {
  console.warn('SpamAssassin suite skipped: no spamassassin binary (apt-get install spamassassin).');
}

/** A score at most this: far below SpamAssassin's 5.0 and what most receivers act on. */
const maxScore = 1.0;

let server: TestSmtpServer;
let emails: ReceivedBuiltIn[];
let work: string;
beforeAll(async () => {
  if (!spamassassin) {
    return;
  }
  work = await mkdtemp(path.join(tmpdir(), 'spamassassin-'));
  server = await startTestSmtpServer();
  emails = await receiveAllBuiltIn(server);
  await closeSmtpTransports();
}, 60_000);
afterAll(async () => {
  await server?.close();
  if (work) {
    await rm(work, { recursive: true, force: true });
  }
});

/** The messages as an mbox (https://www.rfc-editor.org/rfc/rfc4155), so one SpamAssassin run scores all. */
const mbox = (messages: ReceivedBuiltIn[]) =>
  messages
    .map(({ message }) => {
      const raw = message.raw
        .toString('latin1')
        .replaceAll('\r\n', '\n')
        .replace(/^From /gm, '>From ');
      return `From noreply@example.com Sun Dec  6 12:00:00 2026\n${raw}\n`;
    })
    .join('');

describe.skipIf(!spamassassin)('SpamAssassin (Debian’s, local rules only)', () => {
  it(`scores every built-in email at most ${maxScore.toFixed(1)}`, async () => {
    const file = path.join(work, 'built-in.mbox');
    await writeFile(file, mbox(emails), 'latin1');
    // -L: local tests only (no DNS blocklists: DNS here knows no outside names); -t: report each score;
    // no Bayes, whose score depends on what a receiver has learnt; HOME so it writes nothing of ours.
    const { stdout } = await promisify(execFile)(
      spamassassin!,
      ['-L', '-t', '--mbox', '--cf=use_bayes 0', file],
      { env: { ...process.env, HOME: work }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
    );
    const statuses = [
      ...stdout.matchAll(
        /^X-Spam-Status: (?:Yes|No), score=(-?[\d.]+) [^\n]*tests=([^\n]*(?:\n\t[^\n]*)*)/gm,
      ),
    ];
    expect(statuses).toHaveLength(emails.length);
    const scores = statuses.map((status, index) => ({
      email: `${emails[index]?.type} ${emails[index]?.locale}`,
      score: Number(status[1]),
      tests: (status[2] ?? '').replace(/\s+/g, ' ').replace(/ (autolearn|version)=.*$/, ''),
    }));
    console.log(
      `SpamAssassin: highest score ${Math.max(...scores.map(({ score }) => score))}; rules hit: ${[...new Set(scores.map(({ tests }) => tests))].join(' | ')}`,
    );
    expect(scores.filter(({ score }) => score > maxScore)).toEqual([]);
  });
});
