import { TemplateType } from '@logto/connector-kit';

/** Follows one redirect by hand (fetch with `redirect: 'manual'`), returning the next URL. */
const next = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  const location = response.headers.get('location');
  return { response, location: location ? new URL(location, url).toString() : undefined };
};

/**
 * The Naver sign-in as a browser would run it, pressing `decision` on the mock's consent page;
 * returns the result the page would show.
 */
export const signInWithNaver = async (
  baseUrl: string,
  decision: 'agree' | 'cancel',
  flow: 'oauth' | 'oidc' = 'oauth',
) => {
  const start = await next(`${baseUrl}/naver/start${flow === 'oidc' ? '?mode=oidc' : ''}`);
  const authorize = await next(start.location!);
  let callback = authorize.location;
  if (!callback) {
    // The consent page: submit its form as the button would.
    const html = await authorize.response.text();
    const transaction = /name="transaction" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '';
    const consent = await next(new URL(action, start.location).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ transaction, decision }),
    });
    callback = consent.location;
  }
  const back = await next(callback!);
  const id = new URL(back.location!).searchParams.get('naver');
  return (await fetch(`${baseUrl}/api/naver/result/${id}`)).json() as Promise<{
    ok: boolean;
    openIdConnect: boolean;
    userInfo?: { id: string };
    error?: { code: string; description: string };
  }>;
};

/**
 * Sends the default message from the email panel, as the Send button does.
 *
 * @param to The recipient; tests give each send an address of its own, to find its message on a
 * shared SMTP server whatever else was sent.
 */
export const sendFromEmailPanel = async (baseUrl: string, to = 'user@example.com') => {
  const info = (await (await fetch(`${baseUrl}/api/info`)).json()) as { emailConfig: unknown };
  const response = await fetch(`${baseUrl}/api/email/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      config: JSON.stringify(info.emailConfig),
      type: TemplateType.SignIn,
      to,
      payload: JSON.stringify({ code: '123456', user: { name: 'Ann' }, organization: { name: 'Acme' } }),
    }),
  });
  return response.json() as Promise<{
    ok: boolean;
    received?: { subject?: string; text?: string; to?: string };
    error?: { code: string; description: string };
  }>;
};

/** `pnpm demo --once`: both flows headless; true when every check passed. */
export const runOnce = async (baseUrl: string): Promise<boolean> => {
  const checks: Array<[string, boolean, string]> = [];
  const email = await sendFromEmailPanel(baseUrl);
  checks.push([
    'email: sendMessage delivered to the embedded SMTP server',
    email.ok && Boolean(email.received?.text?.includes('123456')),
    email.ok ? `subject "${email.received?.subject}"` : `${email.error?.code}: ${email.error?.description}`,
  ]);
  const agreed = await signInWithNaver(baseUrl, 'agree');
  checks.push([
    'naver: Agree → getTokenResponseAndUserInfo',
    agreed.ok && Boolean(agreed.userInfo?.id),
    agreed.ok ? `user id ${agreed.userInfo?.id}` : `${agreed.error?.code}: ${agreed.error?.description}`,
  ]);
  const overOidc = await signInWithNaver(baseUrl, 'agree', 'oidc');
  checks.push([
    'naver (OpenID Connect): Agree → PKCE, ID token verified',
    overOidc.ok && overOidc.openIdConnect && overOidc.userInfo?.id === agreed.userInfo?.id,
    overOidc.ok
      ? `user id ${overOidc.userInfo?.id}`
      : `${overOidc.error?.code}: ${overOidc.error?.description}`,
  ]);
  const cancelled = await signInWithNaver(baseUrl, 'cancel');
  checks.push([
    'naver: Cancel → authorization_failed',
    !cancelled.ok && cancelled.error?.code === 'authorization_failed',
    `${cancelled.error?.code}: ${cancelled.error?.description}`,
  ]);
  for (const [name, passed, detail] of checks) {
    console.log(`${passed ? 'PASS' : 'FAIL'}  ${name}  (${detail})`);
  }
  return checks.every(([, passed]) => passed);
};
