const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes the five characters that can start markup or end an attribute value.
 *
 * Used by the renderer (template.ts), the built-in layout and the send test's report;
 * tested in test/template.test.ts.
 */
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
