import { describe, expect, it } from 'vitest';
import { redactSecrets, secretSpellings } from './redact.js';

const secret = 'pa/ss wörd+1"x';

describe('secretSpellings', () => {
  it('lists the raw, URL-encoded, form-encoded, JSON-escaped and base64 spellings', () => {
    const spellings = secretSpellings(secret);
    expect(spellings).toContain(secret);
    expect(spellings).toContain(encodeURIComponent(secret));
    expect(spellings).toContain(
      encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    );
    expect(spellings).toContain(new URLSearchParams({ p: secret }).toString().slice(2));
    expect(spellings).toContain('pa/ss wörd+1\\"x');
    expect(spellings).toContain('pa\\/ss wörd+1\\"x');
    expect(spellings).toContain(Buffer.from(secret).toString('base64'));
  });
});

describe('redactSecrets', () => {
  it.each([...secretSpellings(secret)])('masks the spelling %s wherever it stands', (spelling) => {
    expect(redactSecrets(`before ${spelling} after ${spelling}`, [secret])).toBe(
      'before [redacted] after [redacted]',
    );
  });

  it('masks a secret cut off at the end of the text from its first 8 characters', () => {
    const token = 'AAAAQosjWDJieBiQZc3to9YQp6HDLvrmyKC';
    expect(redactSecrets(`{"access_token":"${token.slice(0, 12)}`, [token])).toBe(
      '{"access_token":"[redacted]',
    );
    expect(redactSecrets(`ends with ${token.slice(0, 7)}`, [token])).toBe(`ends with ${token.slice(0, 7)}`);
  });

  it('uses the given mask, and skips missing and too-short values', () => {
    expect(redactSecrets('user pw1 and hunter22', ['hunter22', 'pw1', undefined], '/* secret */')).toBe(
      'user pw1 and /* secret */',
    );
  });
});
