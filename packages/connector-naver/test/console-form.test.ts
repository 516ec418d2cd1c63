import {
  consoleValidationErrors,
  initFormData,
  sentConfig,
  storedConfig,
} from '@seedworks/test-fixtures/logto/console-form';
import { naverConfig } from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import createConnector, { defaultMetadata } from '../src/index.js';

const formItems = defaultMetadata.formItems ?? [];

/** Social connectors keep `''` values (`skipFalsyValuesRemoval`). */
const submit = (values: Record<string, unknown>) => {
  expect(consoleValidationErrors(formItems, values)).toEqual([]);
  return sentConfig(values, formItems, true);
};

/**
 * What Logto checks on save: `configGuard.safeParse(config)`; a failure's `error` becomes the
 * `data` of an `InvalidConfig` error (`validateConfig` in @logto/connector-kit).
 */
const saveError = async (config: unknown) => {
  const { configGuard } = await createConnector({ getConfig: async () => config });
  const result = configGuard.safeParse(config);
  return result.success ? undefined : (result.error as unknown);
};

describe('the Naver form in Logto’s Console', () => {
  it('saves, and saves again unchanged from the details page', async () => {
    const sent = submit({ ...initFormData(formItems), ...naverConfig });
    expect(await saveError(sent)).toBeUndefined();
    const stored = storedConfig(sent);
    const again = submit(initFormData(formItems, stored));
    expect(storedConfig(again)).toEqual(stored);
    expect(await saveError(again)).toBeUndefined();
  });

  it('names the empty field in the error the Console shows (its `details`), never the secret', async () => {
    const error = await saveError(submit({ ...initFormData(formItems), ...naverConfig, clientId: ' ' }));
    // Logto turns a SyntaxError `data` into the answer's `details`, which the Console's toast shows.
    expect(error).toBeInstanceOf(SyntaxError);
    const details = (error as SyntaxError).message;
    expect(details).toContain('clientId must not be empty');
    expect(details).toContain('Naver Developers');
    expect(details).not.toContain(naverConfig.clientSecret);
  });
});
