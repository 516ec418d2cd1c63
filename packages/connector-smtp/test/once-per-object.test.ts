import { describe, expect, it } from 'vitest';
import { oncePerObject } from '../src/once-per-object.js';

describe('oncePerObject', () => {
  it('computes once per object, and again for another object with the same content', () => {
    const calls: object[] = [];
    const describeKeys = oncePerObject((value: { a: number }) => {
      calls.push(value);
      return { keys: Object.keys(value) };
    });
    const first = { a: 1 };
    const result = describeKeys(first);
    expect(describeKeys(first)).toBe(result);
    expect(describeKeys({ a: 1 })).not.toBe(result);
    expect(calls).toHaveLength(2);
  });

  it('remembers an undefined result instead of computing it again', () => {
    let calls = 0;
    const nothing = oncePerObject((_: object) => {
      calls += 1;
      return undefined;
    });
    const key = {};
    nothing(key);
    nothing(key);
    expect(calls).toBe(1);
  });
});
