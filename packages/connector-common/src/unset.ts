/**
 * What Logto's Console and storage make of a config field nobody filled in: `null`, or `{}` for a
 * Json field. The Console shows a stored config's missing Json field as `{}` and sends `{}` back on
 * "Save changes" (`initFormData` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/console/src/utils/connector-form.ts),
 * and saving removes `null` and `{}` again (`clean-deep` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/routes/connector/index.ts). The
 * official connectors reject both.
 */
export const isUnset = (value: unknown) =>
  value === null ||
  (typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.keys(value as object).length === 0);

/**
 * `null` and `{}` mean "not set": a zod `preprocess` step, so a config is judged as Logto will
 * store it.
 *
 * @example
 * z.preprocess(unsetAsUndefined, z.boolean().optional()).parse({}); // undefined
 */
export const unsetAsUndefined = (value: unknown) => (isUnset(value) ? undefined : value);
