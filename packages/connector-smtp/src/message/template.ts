import {
  type EmailTemplateDetails,
  type GetI18nEmailTemplate,
  replaceSendMessageHandlebars,
  type SendMessagePayload,
  TemplateType,
} from '@logto/connector-kit';
import { ContentType, type SmtpTemplate } from '../config/types.js';
import { escapeHtml } from './escape-html.js';
import { localeFallbacks } from './locale.js';
import { builtInTemplate } from './templates/built-in.js';

/** The template a message is rendered from, whichever source it came from. */
export type ResolvedTemplate = Pick<
  SmtpTemplate,
  'subject' | 'content' | 'contentType' | 'sendFrom' | 'replyTo'
> & {
  /** A plain-text part written for the message (built-in templates); otherwise it is made from the HTML. */
  text?: string;
};

/**
 * The locale a message is for: Logto's resolved UI language (`payload.locale`), else the first
 * tag of the raw OIDC `ui_locales` value.
 *
 * @internal Test seam: exported for test/template.test.ts; used by {@link resolveTemplate}.
 */
export const payloadLocale = ({ locale, uiLocales }: SendMessagePayload): string | undefined => {
  if (typeof locale === 'string' && locale.trim()) {
    return locale;
  }
  return typeof uiLocales === 'string' ? uiLocales.trim().split(/\s+/)[0] || undefined : undefined;
};

const findForType = (templates: readonly SmtpTemplate[], type: string, locales: string[]) => {
  const ofType = templates.filter((template) => template.usageType === type);
  for (const locale of locales) {
    const match = ofType.find((template) => template.locale?.toLowerCase() === locale);
    if (match) {
      return match;
    }
  }
  // A template without a locale serves every locale; failing that, any template of this type
  // beats falling back to Generic (its wording is for the right flow).
  return ofType.find((template) => template.locale === undefined) ?? ofType[0];
};

/** Whether a template's subject or content asks for `{{code}}` (spaces inside the braces allowed). */
const asksForCode = ({ subject, content }: SmtpTemplate) => /\{\{\s*code\s*\}\}/.test(subject + content);

/**
 * Picks a config template: this usage type in the payload's locale (`ko-KR`, then `ko`), then
 * this usage type without a locale, then the same for `Generic`. A `Generic` template that asks
 * for `{{code}}` is skipped for a message that carries none: an organization invitation carries
 * a `link` (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/organization-invitation.ts),
 * and "Your code is {{code}}" would reach the invitee as written.
 *
 * @internal Test seam: exported for test/template.test.ts; used by {@link resolveTemplate}.
 */
export const findConfigTemplate = (
  templates: readonly SmtpTemplate[],
  type: string,
  locale?: string,
  payload: SendMessagePayload = {},
): SmtpTemplate | undefined => {
  const locales = localeFallbacks(locale);
  const generic = findForType(templates, TemplateType.Generic, locales);
  const genericFits = generic && (payload.code !== undefined || !asksForCode(generic));
  return findForType(templates, type, locales) ?? (genericFits ? generic : undefined);
};

/**
 * Resolves the template the way Logto's official connectors do, with per-locale config templates
 * added: Logto's own email templates (`getI18nEmailTemplate`) first, their errors ignored as the
 * official connector does, then the config templates (this type, then `Generic`), and when none
 * of those exists the built-in email for the type in the payload's language (src/message/templates/).
 */
export const resolveTemplate = async (
  type: TemplateType,
  payload: SendMessagePayload,
  templates: readonly SmtpTemplate[],
  getI18nEmailTemplate?: GetI18nEmailTemplate,
): Promise<ResolvedTemplate> => {
  const locale = payloadLocale(payload);
  let i18nTemplate: EmailTemplateDetails | undefined;
  try {
    i18nTemplate = await getI18nEmailTemplate?.(type, locale);
  } catch {
    // Logto swallows these too: a broken DB template must not block sign-in codes.
  }
  if (i18nTemplate) {
    return {
      ...i18nTemplate,
      contentType: i18nTemplate.contentType === 'text/plain' ? ContentType.Text : ContentType.Html,
    };
  }
  return findConfigTemplate(templates, type, locale, payload) ?? builtInTemplate(type, payload, locale);
};

/** A deep copy of a payload value, its strings transformed (HTML-escaped, or left as they are). */
const copyValue = (value: unknown, transform: (text: string) => string, depth: number): unknown => {
  if (typeof value === 'string') {
    return transform(value);
  }
  if (value === null || typeof value !== 'object' || depth > 32) {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => copyValue(item, transform, depth + 1));
  }
  // Object.fromEntries defines own properties, so a JSON `__proto__` key stays a plain key.
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, copyValue(item, transform, depth + 1)]),
  );
};

/**
 * The payload as the kit's renderer sees it. The top level has no prototype: the kit checks the
 * first name of a placeholder with `in`, so `{{constructor}}` or `{{toString}}` would otherwise
 * print Object internals instead of staying as written.
 */
const copyPayload = (payload: SendMessagePayload, transform: (text: string) => string) =>
  Object.assign(Object.create(null), copyValue(payload, transform, 0)) as SendMessagePayload;

const identity = (text: string) => text;

/**
 * Renders `{{placeholders}}` exactly as the kit's `replaceSendMessageHandlebars` does (it does
 * the work), with two safety differences: only the payload's own top-level keys count, and with
 * `html: true` every inserted value is HTML-escaped, so an organization named `<img src=x>`
 * arrives as text, not markup. The template itself is trusted and left as written.
 *
 * @example
 * renderTemplate('Hi {{ user.name }}', { user: { name: '<b>Ann</b>' } }, { html: true })
 * // → 'Hi &lt;b&gt;Ann&lt;/b&gt;'
 */
export const renderTemplate = (template: string, payload: SendMessagePayload, options: { html: boolean }) =>
  replaceSendMessageHandlebars(template, copyPayload(payload, options.html ? escapeHtml : identity));
