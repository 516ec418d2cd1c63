import { senderDomainRecords, startTestDnsServer, type TestDnsServer } from '@seedworks/test-fixtures';
import { afterAll, beforeAll, expect, vi } from 'vitest';
import { setLogSink } from '../src/delivery/logger.js';
import { dnsServersVariable } from '../src/doctor/test-send.js';
import { secretRecorder } from './recorder.js';

/*
 * Secret hygiene for the whole SMTP suite: every console line, stdout/stderr write (nodemailer's
 * logger and debug output included), connector log line and `ConnectorError` created while a test
 * file runs is recorded, and no secret of any config a test used (see helpers.ts) may appear in it.
 */
vi.mock('@logto/connector-kit', async (importOriginal) => {
  const { kitRecordingErrors } = await import('@seedworks/test-fixtures');
  const { secretRecorder } = await import('./recorder.js');
  return kitRecordingErrors(await importOriginal<typeof import('@logto/connector-kit')>(), secretRecorder);
});

// From here on, before the test file itself is imported.
secretRecorder.install();

/*
 * The Console's send test checks the sender domain's DNS first (src/doctor/test-send.ts): here it
 * asks a local resolver that knows example.com, the domain the suite sends from.
 */
let dns: TestDnsServer | undefined;
beforeAll(async () => {
  dns = await startTestDnsServer(senderDomainRecords('example.com'));
  process.env[dnsServersVariable] = dns.address;
});

afterAll(async () => {
  delete process.env[dnsServersVariable];
  await dns?.close();
  secretRecorder.restore();
  setLogSink(undefined);
  expect(secretRecorder.leaks()).toEqual([]);
});
