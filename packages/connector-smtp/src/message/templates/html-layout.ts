import { escapeHtml } from '../escape-html.js';
import { compiledLayout } from './layout.generated.js';
import type { PayloadContext } from './payload-context.js';
import type { EmailWording } from './wording.js';

/** What one built-in email says; every text is plain text, escaped here. */
export interface EmailContent {
  subject: string;
  preheader: string;
  heading: string;
  intro: string;
  /** How to act on the message, when that depends on what it carries (an invitation's link or code). */
  accept?: string;
  /** The code to type, with its label and, for a verification code, when it expires. */
  code?: { label: string; expiry?: string };
  /** The invitation button and the link written out. */
  link?: { button: string; hint: string };
  /** One or two lines of small print. */
  smallPrint: [string, string?];
}

/** Padding after the preheader keeps mail apps from filling the preview with the body's first words. */
const previewPadding = '&#847;&zwnj;&nbsp;'.repeat(40);

/**
 * Fills the compiled layout (layout.mjml): keeps the `<!--if:name-->…<!--end:name-->` parts whose
 * name is true and drops the others, then puts each value in its `[[name]]`, in one pass, so a
 * value is never read again as a marker. Values are HTML already.
 */
export const fillLayout = (layout: string, parts: Record<string, boolean>, values: Record<string, string>) =>
  layout
    .replace(/<!--if:(\w+)-->([\s\S]*?)<!--end:\1-->/g, (_, name: string, inner: string) =>
      parts[name] ? inner : '',
    )
    .replace(/\[\[(\w+)\]\]/g, (marker, name: string) => values[name] ?? marker);

/**
 * The HTML part of a built-in email: MJML's layout (a centred card, 560 px wide at most and full
 * width on a phone; Outlook for Windows gets fixed-width tables, the button as a padded cell and
 * the language's Windows font), in the wording's language, direction and line breaking.
 * `context` holds placeholders (`{{code}}` …) that the renderer fills in and escapes.
 */
export const htmlLayout = (wording: EmailWording, context: PayloadContext, content: EmailContent): string => {
  const { code, link, logo, brand } = context;
  const [small1, small2] = content.smallPrint;
  const text = (value: string | undefined) => escapeHtml(value ?? '');
  return fillLayout(
    compiledLayout,
    {
      logo: Boolean(logo),
      darkLogo: Boolean(logo?.dark),
      // Without a logo, the application's (or organization's) name stands in for it.
      brand: !logo && Boolean(brand),
      accept: Boolean(content.accept),
      code: Boolean(content.code && code),
      expiry: Boolean(content.code?.expiry && code),
      link: Boolean(content.link && link),
      small2: Boolean(small2),
    },
    {
      lang: wording.lang,
      dir: wording.dir,
      font: wording.fontFamily,
      msoFont: wording.msoFontFamily,
      wordBreak: wording.wordBreak,
      title: text(content.subject),
      preheader: text(content.preheader) + previewPadding,
      // Placeholders and names from the payload: escaped when the renderer fills them in.
      logo: logo?.light ?? '',
      darkLogo: logo?.dark ?? '',
      brand: brand ?? '',
      code: code ?? '',
      link: link ?? '',
      heading: text(content.heading),
      intro: text(content.intro),
      accept: text(content.accept),
      codeLabel: text(content.code?.label),
      expiry: text(content.code?.expiry),
      button: text(content.link?.button),
      linkHint: text(content.link?.hint),
      small1: text(small1),
      small2: text(small2),
    },
  );
};
