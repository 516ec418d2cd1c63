import { type SendMessagePayload, TemplateType } from '@logto/connector-kit';
import type { Names } from './wording.js';

/**
 * What a built-in email shows of the payload, as `{{…}}` placeholders for the values that are
 * there. Logto 1.42.0 sends codes with `{code, locale, uiLocales?, user?, application?,
 * organization?}` (`buildVerificationCodeContext` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/passcode.ts), and
 * invitations with the Management API caller's `messagePayload` (usually `link`) plus
 * `organization` and `inviter` (`getOrganizationInvitationTemplateContext` in
 * https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/libraries/organization-invitation.ts).
 * `application` is `{id, name, displayName?, branding?}` and `organization` `{id, name,
 * branding}`, where branding is `{logoUrl?, darkLogoUrl?}`
 * (https://github.com/logto-io/logto/blob/v1.42.0/packages/core/src/utils/connectors/extra-information.ts).
 * A value that is missing gets no placeholder, so none is left unreplaced.
 */
export interface PayloadContext {
  names: Names;
  /** The name shown in the header: the application's, else the organization's. */
  brand?: string;
  /** Logo URLs (http or https only), light and dark. */
  logo?: { light: string; dark?: string };
  code?: string;
  /** The invitation link, when it is an http(s) URL (nothing else becomes a button). */
  link?: string;
}

const valueAt = (payload: SendMessagePayload, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object' && Object.hasOwn(value, key)
          ? (value as Record<string, unknown>)[key]
          : undefined,
      payload,
    );

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The placeholder of the first path that holds text. */
const placeholder = (payload: SendMessagePayload, ...paths: string[]) => {
  const path = paths.find((candidate) => isText(valueAt(payload, candidate)));
  return path && `{{${path}}}`;
};

const isWebUrl = (value: unknown) => {
  if (!isText(value)) {
    return false;
  }
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const webUrl = (payload: SendMessagePayload, path: string) =>
  isWebUrl(valueAt(payload, path)) ? `{{${path}}}` : undefined;

const logoOf = (payload: SendMessagePayload, owner: 'application' | 'organization') => {
  const light = webUrl(payload, `${owner}.branding.logoUrl`);
  const dark = webUrl(payload, `${owner}.branding.darkLogoUrl`);
  return light ? { light, dark } : undefined;
};

/** Reads the payload for a built-in email of this type. */
export const payloadContext = (type: TemplateType, payload: SendMessagePayload): PayloadContext => {
  const app = placeholder(payload, 'application.displayName', 'application.name');
  const org = placeholder(payload, 'organization.name');
  const inviter = placeholder(payload, 'inviter.name', 'inviter.username', 'inviter.primaryEmail');
  const isInvitation = type === TemplateType.OrganizationInvitation;
  // An invitation is from the organization; a code is for the application the user signs in to.
  const brand = isInvitation ? org : (app ?? org);
  const logo = isInvitation
    ? logoOf(payload, 'organization')
    : (logoOf(payload, 'application') ?? logoOf(payload, 'organization'));
  const code = payload.code;
  return {
    names: { ...(app && { app }), ...(org && { org }), ...(inviter && { inviter }) },
    ...(brand && { brand }),
    ...(logo && { logo }),
    ...((isText(code) || typeof code === 'number') && { code: '{{code}}' }),
    ...(isWebUrl(payload.link) && { link: '{{link}}' }),
  };
};
