import { ConnectorError, ConnectorErrorCodes } from '@logto/connector-kit';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';

/**
 * The `data` of a `ConnectorError` whose code Logto answers with a fixed phrase.
 *
 * Logto's API error body is `{ code, message, data, details }`
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/errors/RequestError/index.ts).
 * `message` is a fixed phrase per code ("The connector's config is invalid."), except for
 * `General`, whose phrase includes `data.errorDescription`
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/middleware/koa-connector-error-handler.ts).
 * `details` is filled only when `data` is a `SyntaxError` (or core's own `ZodError`), and the
 * Console's toast shows `message` and `details`
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/hooks/use-api.ts).
 * So the description travels as a `SyntaxError` whose message it is: the admin sees it in the
 * Console while the code keeps its status (400, 401, 429). Its one enumerable property keeps
 * `data` in the JSON body as `{ "errorDescription": "…" }`, as for `General`.
 *
 * @internal Test seam: exported for described-error.test.ts (`instanceof`); the connectors get it
 * only through {@link describedConnectorError} and {@link withDescribedErrors}.
 */
export class ConnectorErrorDescription extends SyntaxError {
  declare readonly errorDescription: string;

  constructor(errorDescription: string) {
    super(errorDescription);
    Object.defineProperty(this, 'errorDescription', { value: errorDescription, enumerable: true });
  }
}
Object.defineProperty(ConnectorErrorDescription.prototype, 'name', { value: 'ConnectorErrorDescription' });

const keepCause = <T extends Error>(error: T, cause: unknown): T => {
  if (cause !== undefined) {
    // Not enumerable: the original error is for server-side debugging, never for the API body.
    Object.defineProperty(error, 'cause', { value: cause, enumerable: false, configurable: true });
  }
  return error;
};

/**
 * A `ConnectorError` whose description reaches the person who can act on it: with `General`,
 * Logto's message itself carries it (the Console and the sign-in page show it); with any other
 * code, the Console shows it under Logto's phrase for the code, and the status is the code's.
 *
 * @param cause The original error, kept as a non-enumerable `cause`.
 * @example
 * throw describedConnectorError(ConnectorErrorCodes.InvalidConfig, 'The mail server rejected the login (535 5.7.8). Check auth.user and auth.pass.');
 */
export const describedConnectorError = (
  code: ConnectorErrorCodes,
  errorDescription: string,
  cause?: unknown,
): ConnectorError =>
  keepCause(
    new ConnectorError(
      code,
      code === ConnectorErrorCodes.General
        ? { errorDescription }
        : new ConnectorErrorDescription(errorDescription),
    ),
    cause,
  );

/**
 * The `configGuard` to hand Logto: the same schema, whose failed `safeParse` returns a
 * `ConnectorErrorDescription` instead of a `ZodError`. Logto validates a config the Console
 * saves with `configGuard.safeParse` and throws its `error` as `InvalidConfig` data
 * (`validateConfig` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/toolkit/connector-kit/src/index.ts);
 * a bundled zod's `ZodError` is not core's, so without this the Console shows no field at all.
 *
 * @param describe Turns the issues into the sentence an admin reads (names fields, never values).
 */
export const withDescribedErrors = <Output, Input>(
  guard: ZodType<Output, ZodTypeDef, Input>,
  describe: (error: ZodError<Input>) => string,
): ZodType<Output, ZodTypeDef, Input> => {
  const described = Object.create(guard) as ZodType<Output, ZodTypeDef, Input>;
  described.safeParse = (input, params) => {
    const result = guard.safeParse(input, params);
    if (result.success) {
      return result;
    }
    const error = keepCause(new ConnectorErrorDescription(describe(result.error)), result.error);
    // Logto reads only `success` and `error`; `error` is what it forwards as the API's `details`.
    return { success: false, error: error as unknown as ZodError<Input> };
  };
  return described;
};

/**
 * Parses a stored config at the connector's boundary: the parsed value (trimmed, defaults applied),
 * or an `InvalidConfig` error whose description `describe` writes, with zod's error as its hidden
 * `cause`. Logto's own `validateConfig` discards zod's output, so connectors parse again here.
 *
 * @param describe Turns the issues into the sentence an admin reads (names fields, never values).
 */
export const parseConfigOrThrow = <Output>(
  guard: ZodType<Output, ZodTypeDef, unknown>,
  config: unknown,
  describe: (error: ZodError) => string,
): Output => {
  const result = guard.safeParse(config);
  if (!result.success) {
    throw describedConnectorError(ConnectorErrorCodes.InvalidConfig, describe(result.error), result.error);
  }
  return result.data;
};
