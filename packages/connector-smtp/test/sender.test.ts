import { ConnectorErrorCodes, TemplateType } from '@logto/connector-kit';
import { smtpConfigFor } from '@seedworks/test-fixtures';
import { expectConnectorError } from '@seedworks/test-fixtures/connector-error';
import { describe, expect, it } from 'vitest';
import createConnector, { smtpConfigGuard } from '../src/index.js';
import { adminView, send } from './helpers.js';
import { fileSmtpServer } from './servers.js';

const testServer = fileSmtpServer();

const invitation = {
  usageType: 'OrganizationInvitation',
  contentType: 'text/plain',
  subject: 'Join {{organization.name}}',
  content: 'Open {{link}}',
  sendFrom: '{{inviter.name}} via Acme <noreply@acme.example>',
  replyTo: '{{organization.name}} <help@acme.example>',
};

describe('names from the payload fill display names only', () => {
  it.each([
    ['an address and a comma', 'IT Security <security@acme.example>,'],
    ['a quoted address', '"security@acme.example"'],
    ['a group', 'staff: security@acme.example;'],
    ['an encoded word', '=?utf-8?Q?security=40acme.example?='],
  ])('an inviter named with %s changes neither envelope, From nor Reply-To', async (_name, hostile) => {
    await send(smtpConfigFor(testServer(), { templates: [invitation] }), {
      type: TemplateType.OrganizationInvitation,
      payload: {
        link: 'https://acme.example/invite/x',
        inviter: { name: hostile },
        organization: { name: hostile },
      },
    });
    const [message] = await testServer().waitForMessages(1);
    expect(message!.envelope.from).toBe('noreply@acme.example');
    expect(message!.parsed.from?.value).toEqual([
      { name: expect.any(String), address: 'noreply@acme.example' },
    ]);
    expect(message!.parsed.replyTo?.value).toHaveLength(1);
    expect(message!.parsed.replyTo?.value[0]).toMatchObject({ address: 'help@acme.example' });
  });
});

describe('a template whose address holds a placeholder is refused', () => {
  it.each([
    ['sendFrom', { sendFrom: 'Acme <{{inviter.primaryEmail}}>' }],
    ['sendFrom local part', { sendFrom: 'Acme <{{organization.id}}@acme.example>' }],
    ['replyTo', { replyTo: '{{inviter.primaryEmail}}' }],
    ['replyTo in brackets', { replyTo: 'Inviter <{{inviter.primaryEmail}}>' }],
  ])('at save: %s', (_name, fields) => {
    const result = smtpConfigGuard.safeParse(
      smtpConfigFor(testServer(), { templates: [{ ...invitation, ...fields }] }),
    );
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/placeholders fill only display names/);
  });

  it("at send, in Logto's own email template (not checked at save)", async () => {
    const connector = await createConnector({
      getConfig: async () => smtpConfigFor(testServer()),
      getI18nEmailTemplate: async () => ({
        subject: 'Code',
        content: '{{code}}',
        sendFrom: 'Acme <{{user.primaryEmail}}>',
      }),
    });
    await expectConnectorError(
      connector
        .sendMessage({ to: 'user@example.com', type: TemplateType.SignIn, payload: { code: '123456' } })
        .catch((error: unknown) => Promise.reject(adminView(error))),
      ConnectorErrorCodes.InvalidConfig,
      /sendFrom is refused.*display names/,
    );
    expect(testServer().messages).toHaveLength(0);
  });

  it('a bare name with a placeholder stays a sender name, with the configured address', async () => {
    await send(
      smtpConfigFor(testServer(), {
        fromEmail: 'noreply@acme.example',
        templates: [{ ...invitation, sendFrom: '{{inviter.name}}' }],
      }),
      {
        type: TemplateType.OrganizationInvitation,
        payload: { link: 'https://acme.example/i', inviter: { name: 'ceo@victim.example' } },
      },
    );
    const [message] = await testServer().waitForMessages(1);
    expect(message!.envelope.from).toBe('noreply@acme.example');
    expect(message!.parsed.from?.value).toEqual([
      { name: 'ceo@victim.example', address: 'noreply@acme.example' },
    ]);
  });
});
