import { ConnectorConfigFormItemType } from '@logto/connector-kit';
import {
  consoleValidationErrors,
  initFormData,
  sentConfig,
  storedConfig,
} from '@seedworks/test-fixtures/logto/console-form';
import { naverConfig } from '@seedworks/test-fixtures/naver';
import { describe, expect, it } from 'vitest';
import createConnector, { defaultMetadata, naverConfigGuard } from '../src/index.js';

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

  describe('the trustEmail and trustPhone switches', () => {
    const switches = ['trustEmail', 'trustPhone'] as const;

    it('are Switch items, off for a new connector, each saying what turning it on means', () => {
      for (const key of switches) {
        const item = formItems.find((candidate) => candidate.key === key);
        expect(item?.type).toBe(ConnectorConfigFormItemType.Switch);
        expect(item?.defaultValue).toBe(false);
        expect(initFormData(formItems)[key]).toBe(false);
        expect(item?.description).toMatch(/Logto may then sign the person in as the existing user with that/);
      }
    });

    it('a new connector saved with the switches untouched hands Logto neither address', async () => {
      const stored = storedConfig(submit({ ...initFormData(formItems), ...naverConfig }));
      expect(stored).toMatchObject({ trustEmail: false, trustPhone: false });
      expect(await saveError(stored)).toBeUndefined();
      expect(naverConfigGuard.parse(stored)).toMatchObject({ trustEmail: false, trustPhone: false });
    });

    it('a config pasted from the official connector opens with both off and saves again unchanged', async () => {
      const official = { ...naverConfig };
      const values = initFormData(formItems, official);
      // The Console's Switch shows an absent value as off and sends nothing for it.
      expect(values.trustEmail).toBeUndefined();
      const again = storedConfig(submit(values));
      expect(again).toEqual(official);
      expect(naverConfigGuard.parse(again).trustEmail).toBeUndefined();
    });

    it.each(switches)('%s turned on is stored as true, and off again as false', async (key) => {
      const on = storedConfig(submit({ ...initFormData(formItems), ...naverConfig, [key]: true }));
      expect(on[key]).toBe(true);
      expect(await saveError(on)).toBeUndefined();
      const off = storedConfig(submit({ ...initFormData(formItems, on), [key]: false }));
      expect(off[key]).toBe(false);
      expect(await saveError(off)).toBeUndefined();
    });
  });
});
