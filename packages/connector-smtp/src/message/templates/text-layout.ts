import type { EmailContent } from './html-layout.js';
import type { PayloadContext } from './payload-context.js';

/**
 * The plain-text part, written for reading rather than converted from the HTML: the brand, the
 * heading, what to do, then the code (or the link) on a line of its own so it is easy to copy.
 * `separator` follows a label: `: ` in English and Korean, the full-width `：` in Japanese and Chinese.
 */
export const textLayout = (context: PayloadContext, content: EmailContent, separator: string): string => {
  const code = content.code && context.code;
  const link = content.link && context.link;
  const blocks = [
    context.brand,
    content.heading,
    content.intro,
    content.accept,
    code && `${content.code?.label}${separator}${context.code}`,
    code && content.code?.expiry,
    link && `${content.link?.button}${separator}\n${context.link}`,
    content.smallPrint.filter(Boolean).join('\n'),
  ];
  return `${blocks.filter(Boolean).join('\n\n')}\n`;
};
