import { describe, expect, it } from 'vitest';
import { unsetAsUndefined } from './unset.js';

describe('unsetAsUndefined', () => {
  it.each([[null], [{}]])('turns %j, which Logto stores as absent, into undefined', (value) => {
    expect(unsetAsUndefined(value)).toBeUndefined();
  });

  it.each([[false], [0], [''], [[]], [{ a: 1 }], [Object.create(null)], [new Date(0)]])(
    'keeps %j for the schema to judge',
    (value) => {
      expect(unsetAsUndefined(value)).toBe(value);
    },
  );
});
