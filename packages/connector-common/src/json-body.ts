/** A response body read once: the parsed JSON, or the fact that it is not JSON. */
export type ParsedBody = { isJson: true; json: unknown } | { isJson: false };

/**
 * Parses a body once. `reviver` as in `JSON.parse`; anything that is not JSON (an HTML error page,
 * truncated JSON) comes back as `{isJson: false}` for the caller to judge.
 */
export const parseBody = (body: string, reviver?: (key: string, value: unknown) => unknown): ParsedBody => {
  try {
    return { isJson: true, json: JSON.parse(body, reviver) };
  } catch {
    return { isJson: false };
  }
};
