import { escapeHtml } from '../template.js';
import type { PayloadContext } from './payload-context.js';
import type { EmailWording } from './wording.js';

/** What one built-in email says; every text is plain text, escaped here. */
export interface EmailContent {
  subject: string;
  preheader: string;
  heading: string;
  intro: string;
  /** The code to type, with its label and the lines under it. */
  code?: { label: string; notes: string[] };
  /** The invitation button and the link written out. */
  link?: { button: string; hint: string };
  smallPrint: string[];
}

/*
 * Email clients keep little of CSS: layout is tables, every style is inline, and the one <style>
 * block only adds dark-mode colours for clients that honour `prefers-color-scheme` (Apple Mail,
 * Outlook for Mac and iOS, some webmail); the others drop it and keep the light colours, which
 * Gmail's and Outlook's own dark modes then invert. The light colours are mid-contrast on purpose,
 * so that an inverted message stays readable.
 */
const colours = {
  page: '#f3f4f6',
  card: '#ffffff',
  border: '#e2e5e9',
  text: '#1d2127',
  muted: '#5d6470',
  codeBox: '#f1f3f7',
  accent: '#4b3fd8',
};

const darkStyles = `:root{color-scheme:light dark;supported-color-schemes:light dark;}
@media (prefers-color-scheme: dark){
.bg{background-color:#111317 !important;}
.card{background-color:#1b1e24 !important;border-color:#30353e !important;}
.text{color:#e8eaed !important;}
.muted{color:#a9b0bb !important;}
.code-box{background-color:#262a32 !important;border-color:#3a404a !important;}
.link{color:#a7b4ff !important;}
.divider{background-color:#30353e !important;}
.button{background-color:#564ae0 !important;}
.logo-light{display:none !important;}
.logo-dark{display:block !important;max-height:none !important;overflow:visible !important;}
}`;

const paragraph = (text: string, style: string, className = 'muted') =>
  `<p class="${className}" style="margin:0 0 12px;${style}">${escapeHtml(text)}</p>`;

const brandRow = ({ brand, logo }: PayloadContext, fontFamily: string) => {
  if (logo) {
    const alt = brand ?? '';
    const image = (src: string, className: string, extra = '') =>
      `<img class="${className}" src="${src}" alt="${alt}" height="40" style="display:block;height:40px;width:auto;max-width:200px;border:0;outline:none;text-decoration:none;${extra}">`;
    const dark = logo.dark
      ? // Hidden unless the dark-mode styles apply; mso-hide keeps Outlook for Windows from showing both.
        `<!--[if !mso]><!-->${image(logo.dark, 'logo-dark', 'display:none;max-height:0;overflow:hidden;mso-hide:all;')}<!--<![endif]-->`
      : '';
    return `<tr><td style="padding:0 0 24px;">${image(logo.light, logo.dark ? 'logo-light' : '')}${dark}</td></tr>`;
  }
  if (brand) {
    return `<tr><td class="text" style="padding:0 0 20px;font-family:${fontFamily};font-size:18px;line-height:1.3;font-weight:700;color:${colours.text};">${brand}</td></tr>`;
  }
  return '';
};

const codeBox = (code: string, label: string, fontFamily: string) =>
  `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 20px;">
<tr><td class="code-box" align="center" style="padding:18px 12px;background-color:${colours.codeBox};border:1px solid ${colours.border};border-radius:10px;">
<div class="muted" style="font-family:${fontFamily};font-size:13px;line-height:1.4;color:${colours.muted};margin:0 0 6px;">${escapeHtml(label)}</div>
<div class="text code" style="font-family:${fontFamily};font-size:34px;line-height:1.2;font-weight:700;letter-spacing:6px;font-variant-numeric:tabular-nums;color:${colours.text};word-break:break-all;-webkit-user-select:all;user-select:all;">${code}</div>
</td></tr></table>`;

const linkBlock = (link: string, button: string, hint: string, fontFamily: string) =>
  `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;">
<tr><td class="button" align="center" bgcolor="${colours.accent}" style="border-radius:8px;background-color:${colours.accent};">
<a href="${link}" target="_blank" style="display:inline-block;padding:13px 26px;font-family:${fontFamily};font-size:16px;line-height:1.2;font-weight:700;color:#ffffff;text-decoration:none;border-radius:8px;">${escapeHtml(button)}</a>
</td></tr></table>
<p class="muted" style="margin:0 0 6px;font-family:${fontFamily};font-size:13px;line-height:1.5;color:${colours.muted};">${escapeHtml(hint)}</p>
<p style="margin:0 0 20px;font-family:${fontFamily};font-size:13px;line-height:1.5;word-break:break-all;overflow-wrap:anywhere;"><a class="link" href="${link}" target="_blank" style="color:${colours.accent};text-decoration:underline;">${link}</a></p>`;

/**
 * The HTML part of a built-in email (`line-break: strict` keeps Japanese and Chinese lines from
 * starting with ー, small kana or closing punctuation): one centred card, at most 560 px wide (a fixed 560 px table
 * for Outlook for Windows, which ignores max-width) and full width on a phone, with `lang` and `dir` on the document and on the wrapper (webmail drops `<html>`).
 * `context` holds placeholders (`{{code}}` …) that the renderer fills in and escapes.
 */
export const htmlLayout = (wording: EmailWording, context: PayloadContext, content: EmailContent): string => {
  const { lang, dir, fontFamily, wordBreak } = wording;
  const body = `font-family:${fontFamily};font-size:16px;line-height:1.6;color:${colours.text};`;
  const small = `font-family:${fontFamily};font-size:13px;line-height:1.6;color:${colours.muted};`;
  const code =
    content.code && context.code
      ? codeBox(context.code, content.code.label, fontFamily) +
        content.code.notes.map((note) => paragraph(note, small)).join('')
      : '';
  const link =
    content.link && context.link
      ? linkBlock(context.link, content.link.button, content.link.hint, fontFamily)
      : '';
  // Padding after the preheader keeps mail apps from filling the preview with the body's first words.
  const previewPadding = '&#847;&zwnj;&nbsp;'.repeat(40);
  return `<!DOCTYPE html>
<html lang="${lang}" dir="${dir}" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="format-detection" content="telephone=no, date=no, address=no, email=no">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(content.subject)}</title>
<style>${darkStyles}</style>
</head>
<body class="bg" style="margin:0;padding:0;width:100%;background-color:${colours.page};-webkit-text-size-adjust:100%;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;">${escapeHtml(content.preheader)}${previewPadding}</div>
<div lang="${lang}" dir="${dir}" class="bg" style="background-color:${colours.page};">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="bg" style="background-color:${colours.page};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="560" align="center" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="card" style="max-width:560px;background-color:${colours.card};border:1px solid ${colours.border};border-radius:12px;">
<tr><td style="padding:32px 28px 24px;text-align:${dir === 'rtl' ? 'right' : 'left'};word-break:${wordBreak};line-break:strict;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
${brandRow(context, fontFamily)}
<tr><td>
<h1 class="text" style="margin:0 0 12px;font-family:${fontFamily};font-size:22px;line-height:1.35;font-weight:700;color:${colours.text};">${escapeHtml(content.heading)}</h1>
${paragraph(content.intro, body, 'text')}
${code}${link}
<div class="divider" style="height:1px;line-height:1px;font-size:1px;background-color:${colours.border};margin:20px 0 16px;">&nbsp;</div>
${content.smallPrint.map((line) => paragraph(line, small)).join('')}
</td></tr>
</table>
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</div>
</body>
</html>
`;
};
