import { TemplateType } from '@logto/connector-kit';

/**
 * Presses Send in the email panel as `sendFromEmailPanel` does (the config the page shows, masked,
 * sent back as is), but to `to`: each test gives an address of its own and finds its message on
 * the shared SMTP server by that recipient, whatever other tests sent before or after.
 */
export const sendFromEmailPanelTo = async (baseUrl: string, to: string) => {
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
  return response.json() as Promise<{ ok: boolean; received?: { subject?: string; to?: string } }>;
};
