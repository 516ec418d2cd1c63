/**
 * The wording a language gives the built-in emails. Every text is plain text (the layouts escape
 * it for HTML) and may hold the names it is given: those are `{{…}}` placeholders, filled in and
 * escaped when the message is rendered, so a payload value never becomes markup.
 */

/** Names the payload carries, as placeholders; a name is absent when the payload has none. */
export interface Names {
  /** The application: `{{application.displayName}}` or `{{application.name}}`. */
  app?: string;
  /** The organization: `{{organization.name}}`. */
  org?: string;
  /** Who sent an organization invitation: `{{inviter.name}}`, its username or its email. */
  inviter?: string;
}

/** The message types that carry a verification code (every `TemplateType` but invitations). */
export type CodeMessageType =
  | 'SignIn'
  | 'Register'
  | 'ForgotPassword'
  | 'Generic'
  | 'UserPermissionValidation'
  | 'BindNewIdentifier'
  | 'MfaVerification'
  | 'BindMfa';

/** The words of one message: subject, the hidden inbox preview, heading and first paragraph. */
export interface MessageWording {
  subject: (names: Names) => string;
  /** The inbox preview line (preheader): what the reader sees before opening the message. */
  preheader: (names: Names) => string;
  heading: (names: Names) => string;
  intro: (names: Names) => string;
  /** What to do with this message when one did not ask for it, where the common line is not enough. */
  notYou?: string;
}

/** One language's wording for every built-in message. */
export interface EmailWording {
  /** BCP 47 tag written into `lang`, e.g. `ko`, `zh-TW`. */
  lang: string;
  /** Text direction written into `dir`. */
  dir: 'ltr' | 'rtl';
  /** Font stack for this script; the first fonts that mail apps have for it. */
  fontFamily: string;
  /**
   * The font Outlook for Windows uses: it takes only the first font of a stack, and falls back to
   * a serif one (Times New Roman, Batang, MS Mincho, SimSun) when Windows lacks it.
   */
  msoFontFamily: string;
  /** What follows a label in the plain text: `: `, or the full-width `：` in Japanese and Chinese. */
  labelSeparator: string;
  /**
   * `keep-all` for scripts written with spaces between words of several syllables (Korean), so a
   * line breaks between words, not inside one; `normal` where any character may start a line.
   */
  wordBreak: 'keep-all' | 'normal';
  codes: Record<CodeMessageType, MessageWording>;
  invitation: MessageWording & {
    /** How to accept: with the button below when there is a link, else with the code. */
    accept: { link: string; code: string };
    /** The button that opens the invitation link. */
    button: string;
    /** The label above an invitation's code, when the caller sends one. */
    codeLabel: string;
    /** Above the link written out, for when the button does not work. */
    linkHint: string;
    /** The small print: what to do with an unexpected invitation. */
    ignore: string;
  };
  /** The label above a verification code. */
  codeLabel: string;
  /** Logto's expiry is configurable (10 minutes by default) and not in the payload: no number. */
  expiry: string;
  doNotShare: string;
  /** What to do with a message one did not ask for. */
  notYou: string;
}
