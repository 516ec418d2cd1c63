/**
 * jose, loaded on the first OpenID Connect sign-in (tsup puts it in a chunk of its own), so the
 * connector's cold start in the default, classic mode does not pay for it.
 */
let loading: Promise<typeof import('jose')> | undefined;

/** The jose module; one import for the life of the process. */
export const loadJose = () => {
  loading ??= import('jose');
  return loading;
};
