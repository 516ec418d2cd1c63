/**
 * Message payloads as Logto 1.42.0 sends them to an email connector, to test built-in templates
 * with what real messages hold. Verification codes: `{code, locale, uiLocales?, user?,
 * application?, organization?}` (`sendPasscode` and `buildVerificationCodeContext` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/passcode.ts).
 * Organization invitations: the Management API caller's `messagePayload` (usually `link`) plus
 * `organization` and `inviter` (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/organization-invitation.ts).
 */

/** The template types Logto sends by email, in `TemplateType` order. */
export const logtoEmailTypes = Object.freeze([
  'SignIn',
  'Register',
  'ForgotPassword',
  'OrganizationInvitation',
  'Generic',
  'UserPermissionValidation',
  'BindNewIdentifier',
  'MfaVerification',
  'BindMfa',
] as const);

/** The five locales the built-in emails are written for, as Logto names them. */
export const builtInLocales = Object.freeze(['en', 'ko', 'ja', 'zh-CN', 'zh-TW'] as const);

/** A user as `buildUserContextInfo` picks it (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/utils/connectors/extra-information.ts). */
export const payloadUser = Object.freeze({
  id: 'u1a2b3c4d5e6',
  avatar: null,
  name: 'Kim Minsu',
  primaryEmail: 'minsu@example.com',
  primaryPhone: null,
  username: 'minsu',
  profile: {},
});

/** Logto's `Branding` (https://github.com/logto-io/logto/blob/v1.42.0/packages/schemas/src/foundations/jsonb-types/sign-in-experience.ts). */
export interface PayloadBranding {
  logoUrl?: string;
  darkLogoUrl?: string;
}

/** An application with app-level branding, as `buildApplicationContextInfo` builds it. */
export const payloadApplication = (branding?: PayloadBranding) =>
  Object.freeze({
    id: 'app1234567890',
    name: 'acme-web',
    displayName: 'Acme',
    ...(branding && { branding }),
  });

/** An organization as `buildOrganizationContextInfo` picks it. */
export const payloadOrganization = (branding: PayloadBranding = {}) =>
  Object.freeze({ id: 'org1234567890', name: 'Seedworks Korea', branding });

/** A six-digit code, as Logto generates. */
export const payloadCode = '482915';

/** The invitation link a Management API caller passes in `messagePayload`. */
export const invitationLink = 'https://acme.example.com/invitation/accept?id=inv_12345&token=abc';

/**
 * What Logto sends for `type` in `locale`: a code with the user and application for the code
 * flows, the link with organization and inviter for invitations.
 */
export const logtoPayload = (
  type: string,
  locale: string,
  branding?: PayloadBranding,
): Record<string, unknown> =>
  type === 'OrganizationInvitation'
    ? {
        link: invitationLink,
        locale,
        organization: payloadOrganization(branding),
        inviter: { ...payloadUser, name: 'Lee Jiwoo' },
      }
    : { code: payloadCode, locale, user: payloadUser, application: payloadApplication(branding) };
