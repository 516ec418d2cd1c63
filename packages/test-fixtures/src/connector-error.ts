import { ConnectorError, type ConnectorErrorCodes } from '@logto/connector-kit';
import { expect } from 'vitest';

/** A `ConnectorError` whose `data` carries the description Logto shows (checked by {@link expectConnectorError}). */
export type DescribedConnectorError = ConnectorError & { data: { errorDescription: string } };

/** `text` as a RegExp source that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Asserts a kit `ConnectorError` with exactly this `code` whose `data` holds only an
 * `errorDescription` matching `description`. Match the code and the key phrase a user needs (the
 * field, the fix), not whole sentences.
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
  description: RegExp,
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
    data: { errorDescription: expect.stringMatching(description) },
  });
  return error as DescribedConnectorError;
};
