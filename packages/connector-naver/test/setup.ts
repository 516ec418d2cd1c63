import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect, vi } from 'vitest';
import { secretRecorder } from './recorder.js';

/*
 * Secret hygiene for the whole Naver suite: every console line, stdout/stderr write and
 * `ConnectorError` created while a test file runs is recorded, and no client secret, code or token
 * may appear in any of it.
 */
vi.mock('@logto/connector-kit', async (importOriginal) => {
  const { kitRecordingErrors } = await import('@seedworks/test-fixtures');
  const { secretRecorder } = await import('./recorder.js');
  return kitRecordingErrors(await importOriginal<typeof import('@logto/connector-kit')>(), secretRecorder);
});

// From here on, before the test file itself is imported.
secretRecorder.install();

// A forgotten mock must fail loudly, never call Naver.
beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
  // Undo a test's `enableNetConnect('127.0.0.1')` (mock-server tests).
  nock.disableNetConnect();
});

afterAll(() => {
  secretRecorder.restore();
  expect(secretRecorder.leaks()).toEqual([]);
});
