import type { EmailContent } from './html-layout.js';
import type { PayloadContext } from './payload-context.js';

/**
 * The plain-text part, written for reading rather than converted from the HTML: the brand, the
 * heading, what to do, then the code (or the link) on a line of its own so it is easy to copy.
 */
export const textLayout = (context: PayloadContext, content: EmailContent): string => {
  const blocks = [
    context.brand,
    content.heading,
    content.intro,
    content.code && context.code && `${content.code.label}: ${context.code}`,
    content.code && context.code && content.code.notes.join('\n'),
    content.link && context.link && `${content.link.button}:\n${context.link}`,
    content.smallPrint.join('\n'),
  ];
  return `${blocks.filter(Boolean).join('\n\n')}\n`;
};
