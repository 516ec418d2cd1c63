import type { EmailWording } from '../wording.js';

const latinFonts = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** English: the fallback for every locale without its own wording. */
export const en: EmailWording = {
  lang: 'en',
  dir: 'ltr',
  wordBreak: 'normal',
  fontFamily: latinFonts,
  msoFontFamily: "'Segoe UI', sans-serif",
  labelSeparator: ': ',
  codes: {
    SignIn: {
      subject: ({ app }) => (app ? `Your ${app} sign-in code` : 'Your sign-in code'),
      preheader: ({ app }) => (app ? `Enter this code to sign in to ${app}.` : 'Enter this code to sign in.'),
      heading: () => 'Your sign-in code',
      intro: ({ app }) => (app ? `Enter this code to sign in to ${app}.` : 'Enter this code to sign in.'),
    },
    Register: {
      subject: ({ app }) => (app ? `Confirm your email for ${app}` : 'Confirm your email address'),
      preheader: () => 'One more step to create your account.',
      heading: () => 'Confirm your email',
      intro: ({ app }) =>
        app
          ? `Enter this code to finish creating your ${app} account.`
          : 'Enter this code to finish creating your account.',
    },
    ForgotPassword: {
      subject: ({ app }) => (app ? `Reset your ${app} password` : 'Reset your password'),
      preheader: () => 'Use this code to set a new password.',
      heading: () => 'Reset your password',
      intro: ({ app }) =>
        app
          ? `Enter this code to set a new password for your ${app} account.`
          : 'Enter this code to set a new password for your account.',
    },
    Generic: {
      subject: ({ app }) => (app ? `Your ${app} verification code` : 'Your verification code'),
      preheader: () => 'Enter this code to verify your email address.',
      heading: () => 'Your verification code',
      intro: () => 'Enter this code to verify your email address.',
    },
    UserPermissionValidation: {
      subject: ({ app }) => (app ? `Confirm it’s you on ${app}` : 'Confirm it’s you'),
      preheader: () => 'A change to your account needs your confirmation.',
      heading: () => 'Confirm it’s you',
      intro: () => 'To keep your account safe, enter this code to confirm it’s you.',
    },
    BindNewIdentifier: {
      subject: ({ app }) => (app ? `Verify your new email for ${app}` : 'Verify your new email address'),
      preheader: () => 'Enter this code to add this email address to your account.',
      heading: () => 'Verify your new email',
      intro: ({ app }) =>
        app
          ? `Enter this code to add this email address to your ${app} account.`
          : 'Enter this code to add this email address to your account.',
    },
    MfaVerification: {
      subject: ({ app }) => (app ? `Your ${app} 2-step verification code` : 'Your 2-step verification code'),
      preheader: () => 'Enter this code to finish signing in.',
      heading: () => '2-step verification',
      intro: ({ app }) =>
        app ? `Enter this code to finish signing in to ${app}.` : 'Enter this code to finish signing in.',
      notYou: 'If you didn’t just try to sign in, someone else may know your password. Change it now.',
    },
    BindMfa: {
      subject: ({ app }) => (app ? `Set up 2-step verification for ${app}` : 'Set up 2-step verification'),
      preheader: () => 'Enter this code to turn on 2-step verification by email.',
      heading: () => 'Set up 2-step verification',
      intro: ({ app }) =>
        app
          ? `Enter this code to turn on 2-step verification by email for your ${app} account.`
          : 'Enter this code to turn on 2-step verification by email.',
    },
  },
  invitation: {
    subject: ({ org, inviter }) =>
      org
        ? inviter
          ? `${inviter} invited you to join ${org}`
          : `You’re invited to join ${org}`
        : 'You’re invited to join an organization',
    preheader: () => 'Accept the invitation to get started.',
    heading: ({ org }) => (org ? `Join ${org}` : 'Join the organization'),
    intro: ({ org, inviter }) =>
      `${inviter ? `${inviter} has invited you` : 'You’ve been invited'} to join ${org ?? 'an organization'}.`,
    accept: {
      link: 'Accept the invitation with the button below.',
      code: 'Enter the invitation code below to accept.',
    },
    button: 'Accept invitation',
    codeLabel: 'Invitation code',
    linkHint: 'If the button doesn’t work, copy this link into your browser:',
    ignore: 'If you weren’t expecting this invitation, you can ignore this email.',
  },
  codeLabel: 'Verification code',
  expiry: 'The code expires soon, so use it right away.',
  doNotShare: 'Never share this code with anyone.',
  notYou: 'If you didn’t ask for this code, you can ignore this email.',
};
