import { describe, expect, it } from 'vitest';
import { createSecretRecorder } from './secret-recorder.js';

describe('createSecretRecorder', () => {
  it('finds a secret printed to the console, plainly or base64-encoded (SMTP AUTH)', () => {
    const recorder = createSecretRecorder();
    recorder.addSecrets(['hunter2-secret']);
    recorder.install();
    try {
      console.debug('AUTH PLAIN', Buffer.from('hunter2-secret').toString('base64'));
      console.debug('nothing to see');
    } finally {
      recorder.restore();
    }
    expect(recorder.leaks()).toEqual([expect.stringMatching(/^hu… \(as "aHVu"…\) in: AUTH PLAIN «secret»/)]);
  });

  it('finds a secret URL-encoded in a raw stderr write, and restores the stream', () => {
    const original = process.stderr.write;
    const recorder = createSecretRecorder();
    recorder.addSecrets(['client/secret+value']);
    recorder.install();
    try {
      process.stderr.write(`warning: ${encodeURIComponent('client/secret+value')}\n`);
    } finally {
      recorder.restore();
    }
    expect(process.stderr.write).toBe(original);
    expect(recorder.leaks()).toHaveLength(1);
  });

  it('finds a secret in an error’s data, JSON-escaped, and a 16-character fragment of a token', () => {
    const token = 'AAAAOLtP40eH6P5S7Z4V8QrT2u3w4x5y6z7A8B9C';
    const recorder = createSecretRecorder();
    recorder.addSecrets(['client-secret-value', token]);
    recorder.recordError(
      Object.assign(new Error('failed'), { data: { body: 'client_secret=client-secret-value' } }),
    );
    recorder.recordError(new Error(`token …${token.slice(10, 30)}…`));
    const leaks = recorder.leaks();
    // An error is recorded in several forms (message, stack, data, JSON): each form that leaks is listed.
    expect(leaks.filter((leak) => /^cl… .*client_secret=«secret»/.test(leak)).length).toBeGreaterThan(0);
    expect(leaks.filter((leak) => /^AA… .*token …«secret»/.test(leak)).length).toBeGreaterThan(0);
    expect(leaks.every((leak) => /^(cl|AA)… /.test(leak))).toBe(true);
    expect(recorder.counts.errors).toBe(2);
  });

  it('stays quiet when no secret appears, and ignores very short or non-string values', () => {
    const recorder = createSecretRecorder();
    recorder.addSecrets(['abc', undefined, 42, 'long-enough-secret']);
    recorder.recordError(new Error('abc went wrong'));
    expect(recorder.leaks()).toEqual([]);
    expect(recorder.counts).toEqual({ texts: 6, errors: 1, secrets: 1 });
  });
});
