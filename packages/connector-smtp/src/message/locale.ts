/**
 * The locales a template may be written for, lower-cased and most specific first:
 * `ko-KR` → [`ko-kr`, `ko`].
 *
 * Used by the config templates' choice (template.ts) and the built-in languages'
 * (templates/languages/index.ts); tested in test/template.test.ts.
 */
export const localeFallbacks = (locale: string | undefined): string[] => {
  if (!locale) {
    return [];
  }
  const parts = locale.trim().toLowerCase().split(/[-_]/);
  const chain: string[] = [];
  for (let length = parts.length; length > 0; length--) {
    chain.push(parts.slice(0, length).join('-'));
  }
  return chain;
};
