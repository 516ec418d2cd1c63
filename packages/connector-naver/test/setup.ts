import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

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
