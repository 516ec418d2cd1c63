import { inspect } from 'node:util';
import { ConnectorError, type ConnectorErrorCodes } from '@logto/connector-kit';
import { secretSpellings } from '@seedworks/connector-common/redact';
import { expect } from 'vitest';

/** A `ConnectorError` whose `data` carries the description Logto shows (checked by {@link expectConnectorError}). */
export type DescribedConnectorError = ConnectorError & { data: { errorDescription: string } };

/** `text` as a RegExp source that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One or more RegExps, each a key phrase an error description must hold. */
export type KeyPhrases = [RegExp, ...RegExp[]];

/** `phrases` as a list, for tables whose rows give one RegExp or several. */
export const keyPhrases = (phrases: RegExp | KeyPhrases): KeyPhrases =>
  Array.isArray(phrases) ? phrases : [phrases];

/**
 * Asserts a kit `ConnectorError` with exactly this `code` whose `data` holds only an
 * `errorDescription` matching each of `phrases`. Match the code and the key
 * phrases a user needs (the field, the fix, a status or code quoted), one RegExp each, not whole
 * sentences: a rewording then leaves the test alone, a lost hint still fails it.
 *
 * `thrown` is a promise that must reject, or an error already caught. `data` may be a
 * `ConnectorErrorDescription` (a `SyntaxError` with one enumerable `errorDescription`, see
 * packages/connector-common/src/described-error.ts), so `{ ...data }` is compared: the own
 * enumerable fields Logto serialises into its answer.
 *
 * `ConnectorError` is imported from the kit as test files import it, so a suite that mocks
 * `@logto/connector-kit` (the recording kit of `kitRecordingErrors`) checks against the same class.
 * Import this module by its own path (`@seedworks/test-fixtures/connector-error`), not from the
 * package index: the suites' kit mock imports the index, which must not import the kit back.
 *
 * @returns The error, for further checks.
 */
export const expectConnectorError = async (
  thrown: unknown,
  code: ConnectorErrorCodes,
  ...phrases: KeyPhrases
): Promise<DescribedConnectorError> => {
  const error =
    thrown instanceof Promise
      ? await thrown.then(
          () => expect.unreachable('expected a ConnectorError'),
          (error: unknown) => error,
        )
      : thrown;
  expect(error).toBeInstanceOf(ConnectorError);
  const { code: actual, data } = error as ConnectorError;
  expect({ code: actual, data: { ...(data as object) } }).toEqual({
    code,
    data: { errorDescription: expect.stringMatching(phrases[0]) },
  });
  const { errorDescription } = data as { errorDescription: string };
  for (const phrase of phrases.slice(1)) {
    expect(errorDescription).toMatch(phrase);
  }
  return error as DescribedConnectorError;
};

/** What {@link expectHiddenCause} checks the logged form of an error for. */
export interface HiddenCauseExpectations {
  /** Passwords, client secrets, codes, tokens: none may appear, in any spelling of `secretSpellings`. */
  secrets: readonly string[];
  /** What the logged error must still show of its cause (e.g. the provider's words, a reply code). */
  mentions?: readonly (RegExp | string)[];
}

/**
 * Asserts that `error` keeps the failure behind it as a hidden `cause`: an `Error`, not an own
 * enumerable key (so Logto's JSON answer leaves it out), while a server log that prints the error
 * as deeply as it can (`util.inspect` with hidden fields, depth 20) shows each of `mentions` and
 * none of `secrets`, in any of the spellings a library may echo them in.
 *
 * @returns The cause, for checks specific to one transport.
 */
export const expectHiddenCause = (
  error: unknown,
  { secrets, mentions = [] }: HiddenCauseExpectations,
): Error => {
  const { cause } = error as { cause?: unknown };
  expect(cause).toBeInstanceOf(Error);
  expect(Object.keys(error as object)).not.toContain('cause');
  const logged = inspect(error, { showHidden: true, depth: 20 });
  for (const mention of mentions) {
    if (typeof mention === 'string') {
      expect(logged).toContain(mention);
    } else {
      expect(logged).toMatch(mention);
    }
  }
  for (const secret of secrets) {
    for (const spelling of secretSpellings(secret)) {
      expect(logged).not.toContain(spelling);
    }
  }
  return cause as Error;
};
