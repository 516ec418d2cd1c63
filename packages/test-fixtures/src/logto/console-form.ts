/**
 * What Logto 1.42.0's Console and core do with a connector's `formItems` and config, so tests can
 * run a config through the same steps an admin's clicks do. Each function follows one piece of
 * Logto's source at tag v1.42.0 (https://github.com/logto-io/logto/tree/v1.42.0), linked on it; the
 * real Console is exercised by the real-Logto suite, these make the same steps cheap to check for
 * every field.
 */
import { type ConnectorConfigFormItem, ConnectorConfigFormItemType } from '@logto/connector-kit';
import cleanDeepModule from 'clean-deep';

// clean-deep is CommonJS (`module.exports = cleanDeep`) with types that declare a default export.
const cleanDeep = cleanDeepModule as unknown as typeof cleanDeepModule.default;

type FormValues = Record<string, unknown>;

/**
 * The form's starting values (`initFormData` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/utils/connector-form.ts): a new connector gets each item's `defaultValue`; an existing one gets its stored value, `{}` for a
 * missing Json item. Json items are edited as text.
 */
export const initFormData = (
  formItems: ConnectorConfigFormItem[],
  config?: Record<string, unknown>,
): FormValues =>
  Object.fromEntries(
    formItems.map((item) => {
      const configValue =
        config?.[item.key] ??
        (item.type === ConnectorConfigFormItemType.Json
          ? {}
          : item.type === ConnectorConfigFormItemType.MultiSelect
            ? []
            : undefined);
      const value = config ? configValue : item.defaultValue;
      return [
        item.key,
        item.type === ConnectorConfigFormItemType.Json ? JSON.stringify(value, null, 2) : value,
      ];
    }),
  );

/**
 * The items the Console renders: those whose `showConditions` all hold (`showFormItems` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/components/ConnectorForm/ConfigForm/ConfigFormFields/index.tsx).
 */
export const visibleItems = (formItems: ConnectorConfigFormItem[], values: FormValues) =>
  formItems.filter((item) =>
    (item.showConditions ?? []).every(({ targetKey, expectValue }) => values[targetKey] === expectValue),
  );

/**
 * The Console's own checks before it sends anything (the `required` and JSON rules in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/components/ConnectorForm/ConfigForm/ConfigFormFields/index.tsx):
 * a rendered required item must
 * not be empty (a Switch never counts as empty), and a rendered Json item must hold JSON
 * ("Invalid JSON format"). Hidden items are not checked. Returns the failing keys and reasons.
 */
export const consoleValidationErrors = (formItems: ConnectorConfigFormItem[], values: FormValues): string[] =>
  visibleItems(formItems, values).flatMap((item) => {
    const value = values[item.key];
    const errors: string[] = [];
    if (
      item.required &&
      item.type !== ConnectorConfigFormItemType.Switch &&
      (value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value)))
    ) {
      errors.push(`${item.key}: required`);
    }
    if (item.type === ConnectorConfigFormItemType.Json) {
      let valid = typeof value === 'string';
      try {
        JSON.parse(value as string);
      } catch {
        valid = false;
      }
      if (!valid) {
        errors.push(`${item.key}: Invalid JSON format`);
      }
    }
    return errors;
  });

/**
 * The config the Console sends (`parseFormConfig` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/utils/connector-form.ts): only declared keys; `''` dropped unless `skipFalsyValuesRemoval` (social connectors keep it);
 * numbers coerced; Json text parsed, `{}` when it does not parse.
 */
export const parseFormConfig = (
  values: FormValues,
  formItems: ConnectorConfigFormItem[],
  skipFalsyValuesRemoval = false,
): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(values).flatMap(([key, value]): Array<[string, unknown]> => {
      if (!skipFalsyValuesRemoval && value === '') {
        return [];
      }
      const item = formItems.find((formItem) => formItem.key === key);
      if (!item) {
        return [];
      }
      if (item.type === ConnectorConfigFormItemType.Number) {
        return Number.isNaN(value) ? [] : [[key, Number(value)]];
      }
      if (item.type === ConnectorConfigFormItemType.Json) {
        try {
          return [[key, JSON.parse(typeof value === 'string' ? value : '')]];
        } catch {
          return [[key, {}]];
        }
      }
      return [[key, value]];
    }),
  );

/**
 * The config as core receives it: `parseFormConfig`'s result through JSON, the request body. An
 * untouched Number item the Console never rendered becomes `Number(undefined)`, `NaN`, and so
 * arrives as `null`.
 */
export const sentConfig = (
  values: FormValues,
  formItems: ConnectorConfigFormItem[],
  skipFalsyValuesRemoval = false,
): Record<string, unknown> =>
  JSON.parse(JSON.stringify(parseFormConfig(values, formItems, skipFalsyValuesRemoval)));

/**
 * What core stores on save (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/routes/connector/index.ts): the config after
 * `cleanDeep` with its defaults, which removes `''`, `null`, `{}` and `[]` at any depth.
 */
export const storedConfig = (config: Record<string, unknown>): Record<string, unknown> =>
  cleanDeep(config) as Record<string, unknown>;
