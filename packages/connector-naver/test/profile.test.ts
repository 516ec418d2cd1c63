import { describe, expect, it } from 'vitest';
import { toLogtoPhone } from '../src/index.js';

describe('toLogtoPhone', () => {
  it.each([
    ['+821012345678', '821012345678'],
    ['+82 10-1234-5678', '821012345678'],
    ['+14155550123', '14155550123'],
  ])('turns %s into Logto’s digits-only form %s', (input, expected) => {
    expect(toLogtoPhone(input)).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['01012345678'], // national form: the country is not stated
    ['010-1234-5678'],
    ['+82abc'],
    ['+1234567890123456'], // longer than E.164 allows
    [821012345678],
  ])('leaves %j out', (input) => {
    expect(toLogtoPhone(input)).toBeUndefined();
  });
});
