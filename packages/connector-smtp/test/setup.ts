import { afterAll, beforeAll, expect } from 'vitest';
import { setLogSink } from '../src/logger.js';
import { secretRecorder } from './recorder.js';

/*
 * Secret hygiene for the whole SMTP suite: every console line, every connector log line and every
 * error a test sees is recorded, and no secret of any config a test used may appear in it.
 */
beforeAll(() => {
  secretRecorder.install();
});

afterAll(() => {
  secretRecorder.restore();
  setLogSink(undefined);
  expect(secretRecorder.leaks()).toEqual([]);
});
