import { type SendMessagePayload, TemplateType } from '@logto/connector-kit';
import { ContentType } from '../../config/types.js';
import { type EmailContent, htmlLayout } from './html-layout.js';
import { builtInWording } from './languages/index.js';
import { type PayloadContext, payloadContext } from './payload-context.js';
import { textLayout } from './text-layout.js';
import type { CodeMessageType, EmailWording, MessageWording, Names } from './wording.js';

/** A built-in template: HTML and its own plain-text part, both with `{{…}}` placeholders. */
export interface BuiltInTemplate {
  subject: string;
  content: string;
  contentType: ContentType.Html;
  text: string;
}

const codeTypes = new Set<string>([
  TemplateType.SignIn,
  TemplateType.Register,
  TemplateType.ForgotPassword,
  TemplateType.Generic,
  TemplateType.UserPermissionValidation,
  TemplateType.BindNewIdentifier,
  TemplateType.MfaVerification,
  TemplateType.BindMfa,
]);

/** A message's subject, inbox preview, heading and first paragraph, for these names. */
const messageLines = (words: MessageWording, names: Names) => ({
  subject: words.subject(names),
  preheader: words.preheader(names),
  heading: words.heading(names),
  intro: words.intro(names),
});

const codeContent = (wording: EmailWording, type: CodeMessageType, context: PayloadContext): EmailContent => {
  const words = wording.codes[type];
  return {
    ...messageLines(words, context.names),
    code: { label: wording.codeLabel, expiry: wording.expiry },
    smallPrint: [wording.doNotShare, words.notYou ?? wording.notYou],
  };
};

/** An invitation carries a link (usually), a code, or both; the text points at what is there. */
const invitationContent = (wording: EmailWording, context: PayloadContext): EmailContent => {
  const words = wording.invitation;
  const accept = context.link ? words.accept.link : context.code ? words.accept.code : undefined;
  return {
    ...messageLines(words, context.names),
    ...(accept && { accept }),
    link: { button: words.button, hint: words.linkHint },
    code: { label: words.codeLabel },
    smallPrint: [words.ignore],
  };
};

/**
 * The built-in email for a message type, in the locale's language (English when there is none),
 * written for what the payload holds: the application's or organization's name and logo when
 * present, the code, or for invitations the link. A type this version does not know gets the
 * `Generic` wording.
 */
export const builtInTemplate = (
  type: TemplateType,
  payload: SendMessagePayload,
  locale: string | undefined,
): BuiltInTemplate => {
  const wording = builtInWording(locale);
  const context = payloadContext(type, payload);
  const content =
    type === TemplateType.OrganizationInvitation
      ? invitationContent(wording, context)
      : codeContent(wording, codeTypes.has(type) ? (type as CodeMessageType) : TemplateType.Generic, context);
  return {
    subject: content.subject,
    content: htmlLayout(wording, context, content),
    contentType: ContentType.Html,
    text: textLayout(context, content, wording.labelSeparator),
  };
};
