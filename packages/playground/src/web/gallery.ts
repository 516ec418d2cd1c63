import type { EmailConnector, TemplateType } from '@logto/connector-kit';
import type { TestSmtpServer } from '@seedworks/test-fixtures';
import {
  builtInLocales,
  logtoEmailTypes,
  logtoPayload,
} from '@seedworks/test-fixtures/logto/message-payloads';

/** One built-in email as the embedded SMTP server received it. */
export interface GalleryEntry {
  type: string;
  locale: string;
  subject: string;
  html: string;
  text: string;
  /** Size of the HTML part in bytes (Gmail clips above 102 KB). */
  htmlBytes: number;
  /** What the reader must get: the code, or the invitation link. */
  expected: string;
}

/** A sample wordmark, light and dark, served by the playground: the payload's `branding` points here. */
export const sampleLogoSvg = (dark: boolean) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect x="0" y="4" width="32" height="32" rx="8" fill="${dark ? '#8b83ff' : '#4b3fd8'}"/><path d="M9 28 16 11l7 17" stroke="#fff" stroke-width="3.2" fill="none" stroke-linejoin="round"/><text x="40" y="28" font-family="Arial, sans-serif" font-size="20" font-weight="700" fill="${dark ? '#f1f1f4' : '#1d2127'}">Acme</text></svg>`;

/**
 * Sends every built-in email (each template type in each built-in language, with the payload Logto
 * sends) through the connector to the embedded SMTP server, and returns what arrived. The
 * connector's stored config must have no templates. `logoBase` set: the payload's branding has
 * the sample logos.
 */
export const collectGallery = async (
  connector: EmailConnector,
  server: TestSmtpServer,
  logoBase?: string,
): Promise<GalleryEntry[]> => {
  const entries: GalleryEntry[] = [];
  const branding = logoBase
    ? { logoUrl: `${logoBase}/gallery/logo.svg`, darkLogoUrl: `${logoBase}/gallery/logo-dark.svg` }
    : undefined;
  for (const type of logtoEmailTypes) {
    for (const locale of builtInLocales) {
      const payload = logtoPayload(type, locale, branding);
      const before = server.messages.length;
      // No config argument: a sign-in's send, not the Console's send test.
      await connector.sendMessage({ to: 'gallery@example.com', type: type as TemplateType, payload });
      const [message] = (await server.waitForMessages(before + 1)).slice(before);
      const html = typeof message?.parsed.html === 'string' ? message.parsed.html : '';
      entries.push({
        type,
        locale,
        subject: message?.parsed.subject ?? '',
        html,
        text: message?.parsed.text ?? '',
        htmlBytes: Buffer.byteLength(html),
        expected: String(payload.code ?? payload.link),
      });
    }
  }
  return entries;
};

/**
 * The gallery page: every built-in email in frames of the chosen width (375 px phone, 700 px
 * desktop), as sent or with inline styles only; the browser's colour scheme decides light or dark,
 * as in a mail app.
 */
export const galleryPageHtml = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Built-in emails: gallery</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 1rem; }
  h1 { font-size: 1.2rem; margin: 0 0 .5rem; }
  .controls { margin-bottom: 1rem; display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; }
  .grid { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
  figure { margin: 0; }
  figcaption { font-size: 12px; margin-bottom: .25rem; max-width: var(--width); overflow-wrap: anywhere; }
  iframe { display: block; border: 1px solid #8884; width: var(--width); height: 120px; }
</style>
</head>
<body>
<h1>Built-in emails</h1>
<div class="controls">
  <label>Width <select id="width"><option value="375">375 px (phone)</option><option value="700">700 px (desktop)</option></select></label>
  <label>Logo <select id="logo"><option value="1">from the payload</option><option value="0">none (name only)</option></select></label>
  <label>Styles <select id="styles"><option value="1">as sent</option><option value="0">inline only (Naver Mail, Gmail basic HTML)</option></select></label>
  <span id="status" role="status">Loading…</span>
</div>
<div id="grid" class="grid"></div>
<script>
const params = new URLSearchParams(location.search);
const width = params.get('width') || '375';
const logo = params.get('logo') || '1';
const styles = params.get('styles') || '1';
document.getElementById('width').value = width;
document.getElementById('logo').value = logo;
document.getElementById('styles').value = styles;
document.documentElement.style.setProperty('--width', width + 'px');
for (const id of ['width', 'logo', 'styles']) {
  document.getElementById(id).addEventListener('change', (event) => {
    params.set(id, event.target.value); location.search = params.toString();
  });
}
(async () => {
  const response = await fetch('/api/gallery?logo=' + logo);
  const body = await response.json();
  if (!body.ok) { document.getElementById('status').textContent = body.error.description; return; }
  const grid = document.getElementById('grid');
  for (const entry of body.entries) {
    const figure = document.createElement('figure');
    const caption = document.createElement('figcaption');
    caption.textContent = entry.type + ' · ' + entry.locale + ' · ' + (entry.htmlBytes / 1024).toFixed(1) + ' KB · ' + entry.subject;
    const frame = document.createElement('iframe');
    frame.title = entry.type + ' ' + entry.locale;
    frame.setAttribute('sandbox', 'allow-same-origin');
    // Some mail apps drop every <style> element and keep inline styles only.
    frame.srcdoc = styles === '0' ? entry.html.replace(/<style\\b[\\s\\S]*?<\\/style>/gi, '') : entry.html;
    frame.addEventListener('load', () => {
      // The frame starts short, so the document's height is the email's, not the frame's.
      frame.style.height = frame.contentDocument.documentElement.scrollHeight + 'px';
    });
    figure.append(caption, frame);
    grid.append(figure);
  }
  document.getElementById('status').textContent = body.entries.length + ' emails';
})();
</script>
</body>
</html>
`;
