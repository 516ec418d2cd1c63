/**
 * The part of MJML 5's API that build-emails.ts uses (MJML ships no types, and @types/mjml
 * describes MJML 4, whose mjml2html was synchronous):
 * https://github.com/mjmlio/mjml/blob/master/packages/mjml/README.md#inside-nodejs
 */
declare module 'mjml' {
  interface MjmlError {
    line: number;
    message: string;
    tagName: string;
    formattedMessage: string;
  }
  interface MjmlOptions {
    validationLevel?: 'strict' | 'soft' | 'skip';
    keepComments?: boolean;
    filePath?: string;
  }
  export default function mjml2html(
    input: string,
    options?: MjmlOptions,
  ): Promise<{ html: string; errors: MjmlError[] }>;
}
