import { describe, expect, it } from 'vitest';
import { createSecretRecorder } from './secret-recorder.js';

describe('createSecretRecorder', () => {
  it('finds a secret printed to the console, plainly or base64-encoded', () => {
    const recorder = createSecretRecorder();
    recorder.addSecrets(['hunter2-secret']);
    recorder.install();
    try {
      console.debug('AUTH PLAIN', Buffer.from('hunter2-secret').toString('base64'));
      console.debug('nothing to see');
    } finally {
      recorder.restore();
    }
    expect(recorder.leaks()).toEqual([expect.stringMatching(/^hu… found in: AUTH PLAIN /)]);
  });

  it('finds a secret in an error’s data', () => {
    const recorder = createSecretRecorder();
    recorder.addSecrets(['client-secret-value']);
    recorder.recordError(
      Object.assign(new Error('failed'), { data: { body: 'client_secret=client-secret-value' } }),
    );
    expect(recorder.leaks()).toHaveLength(1);
  });

  it('stays quiet when no secret appears, and ignores very short values', () => {
    const recorder = createSecretRecorder();
    recorder.addSecrets(['abc', 'long-enough-secret']);
    recorder.recordError(new Error('abc went wrong'));
    expect(recorder.leaks()).toEqual([]);
    expect(recorder.counts).toEqual({ texts: 3, secrets: 1 });
  });
});
