import {
  consoleValidationErrors,
  initFormData,
  sentConfig,
  storedConfig,
  visibleItems,
} from '@seedworks/test-fixtures/logto/console-form';
import { describe, expect, it } from 'vitest';
import { defaultMetadata } from '../src/config/metadata.js';
import { smtpConfigGuard } from '../src/config/types.js';

const formItems = defaultMetadata.formItems ?? [];

/** An admin's clicks: the form's values with some fields typed in. */
const edit = (values: Record<string, unknown>, changes: Record<string, unknown>) => ({
  ...values,
  ...changes,
});

/** The Console's checks, then what it sends, then our guard, then what core stores. */
const submit = (values: Record<string, unknown>) => {
  expect(consoleValidationErrors(formItems, values)).toEqual([]);
  const sent = sentConfig(values, formItems);
  const parsed = smtpConfigGuard.safeParse(sent);
  expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  return { sent, parsed: smtpConfigGuard.parse(sent), stored: storedConfig(sent) };
};

/** Opening a saved connector's details page and pressing "Save changes" without editing. */
const saveAgain = (stored: Record<string, unknown>) => submit(initFormData(formItems, stored));

const officialConfig = {
  host: 'smtp.office365.com',
  port: 465,
  secure: true,
  auth: { type: 'login', user: 'noreply@example.com', pass: 'app-password' },
  fromEmail: 'noreply@example.com',
  templates: [
    { usageType: 'Register', contentType: 'text/plain', subject: 'Welcome', content: 'Code: {{code}}' },
    { usageType: 'SignIn', contentType: 'text/plain', subject: 'Sign in', content: 'Code: {{code}}' },
    { usageType: 'ForgotPassword', contentType: 'text/plain', subject: 'Reset', content: 'Code: {{code}}' },
    { usageType: 'Generic', contentType: 'text/plain', subject: 'Code', content: 'Code: {{code}}' },
  ],
  logger: false,
  tls: {},
  customHeaders: {},
};

describe('the Console form, as Logto 1.42.0 presents it', () => {
  it('shows a short form for a new connector; advanced fields and the JSON config stay hidden', () => {
    const shown = visibleItems(formItems, initFormData(formItems)).map((item) => item.key);
    expect(shown).toEqual([
      'setup',
      'host',
      'port',
      'secure',
      'username',
      'password',
      'fromEmail',
      'fromName',
      'templates',
      'advanced',
    ]);
  });

  it('starts every Json field with valid JSON, so an untouched form passes the Console’s check', () => {
    const values = initFormData(formItems);
    const advancedValues = edit(values, { advanced: true });
    expect(
      consoleValidationErrors(formItems, advancedValues).filter((error) => error.includes('JSON')),
    ).toEqual([]);
    expect(consoleValidationErrors(formItems, edit(values, { setup: 'json' }))).toEqual([]);
  });

  it('starts with no templates to edit, says the built-in emails are used, and saves none', () => {
    const values = initFormData(formItems);
    expect(values.templates).toBe('[]');
    const templates = formItems.find((item) => item.key === 'templates');
    expect(templates?.description).toMatch(/Leave empty \(\[\], or \{\}.*\) to send the built-in emails/);
    expect(templates?.description).toMatch(/Korean/);
    const first = submit(edit(values, { host: 'smtp.example.com', fromEmail: 'noreply@example.com' }));
    expect(first.parsed.templates).toEqual([]);
    // Core's clean-deep drops the empty list; the details page shows it as {} and saves it again.
    expect(first.stored).not.toHaveProperty('templates');
    expect(initFormData(formItems, first.stored).templates).toBe('{}');
    expect(saveAgain(first.stored).parsed.templates).toEqual([]);
  });

  it('keeps the templates of a saved config when it is saved again', () => {
    const own = [
      { usageType: 'SignIn', contentType: 'text/html', subject: 'Hi', content: '<p>{{code}}</p>' },
    ];
    const first = submit(
      edit(initFormData(formItems), {
        host: 'smtp.example.com',
        fromEmail: 'noreply@example.com',
        templates: JSON.stringify(own),
      }),
    );
    expect(saveAgain(first.stored).parsed.templates).toEqual(own);
  });

  it('saves the common case, with the password in a masked field, and sends with it as auth', () => {
    const password = formItems.find((item) => item.key === 'password');
    expect(password?.isConfidential).toBe(true);
    const { parsed } = submit(
      edit(initFormData(formItems), {
        host: 'smtp.example.com',
        username: 'noreply@example.com',
        password: 'app-password',
        fromEmail: 'noreply@example.com',
      }),
    );
    expect(parsed).toMatchObject({
      host: 'smtp.example.com',
      port: 587,
      secure: false,
      auth: { user: 'noreply@example.com', pass: 'app-password' },
    });
    expect(parsed).not.toHaveProperty('username');
    expect(parsed).not.toHaveProperty('password');
    expect(parsed.dkim).toBeUndefined();
  });

  it('saves again, unchanged, from the details page (untouched DKIM, Auth and TLS come back as {})', () => {
    const first = submit(
      edit(initFormData(formItems), { host: 'smtp.example.com', fromEmail: 'noreply@example.com' }),
    );
    const details = initFormData(formItems, first.stored);
    expect(details.dkim).toBe('{}');
    const second = saveAgain(first.stored);
    expect(second.stored).toEqual(first.stored);
    expect(second.parsed).toEqual(first.parsed);
  });

  it('saves again with advanced settings on, and a third time after that', () => {
    const first = submit(
      edit(initFormData(formItems), {
        host: 'smtp.example.com',
        fromEmail: 'noreply@example.com',
        advanced: true,
        connectionTimeout: 5000,
        tls: '{"rejectUnauthorized": false}',
      }),
    );
    const second = saveAgain(first.stored);
    expect(saveAgain(second.stored).stored).toEqual(first.stored);
    expect(second.parsed).toMatchObject({ connectionTimeout: 5000, tls: { rejectUnauthorized: false } });
  });

  it('takes an official connector’s config pasted whole in JSON mode, with every field’s meaning', () => {
    const { parsed, stored } = submit(
      edit(initFormData(formItems), { setup: 'json', jsonConfig: JSON.stringify(officialConfig) }),
    );
    expect(parsed).toMatchObject({
      host: 'smtp.office365.com',
      port: 465,
      secure: true,
      auth: { type: 'login', user: 'noreply@example.com', pass: 'app-password' },
      fromEmail: 'noreply@example.com',
      templates: officialConfig.templates,
    });
    // The form's own defaults (port 587, no templates) do not leak in.
    expect(parsed.templates).toHaveLength(4);
    expect(saveAgain(stored).parsed).toEqual(parsed);
  });

  it('names the missing field when the pasted JSON lacks one', () => {
    const { host: _host, ...withoutHost } = officialConfig;
    const sent = sentConfig(
      edit(initFormData(formItems), { setup: 'json', jsonConfig: JSON.stringify(withoutHost) }),
      formItems,
    );
    const result = smtpConfigGuard.safeParse(sent);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['host']);
  });

  it('refuses a login in both places, naming auth', () => {
    const sent = sentConfig(
      edit(initFormData(formItems), {
        host: 'smtp.example.com',
        fromEmail: 'noreply@example.com',
        username: 'a@example.com',
        password: 'p',
        auth: '{"user":"b@example.com","pass":"q"}',
      }),
      formItems,
    );
    const result = smtpConfigGuard.safeParse(sent);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['auth', expect.stringContaining('either Username and Password, or Auth (JSON)')],
    ]);
  });

  it('still reads a config saved before the Setup list existed', () => {
    const legacy = storedConfig({
      host: 'smtp.example.com',
      port: 587,
      auth: { user: 'u', pass: 'p' },
      fromEmail: 'noreply@example.com',
      dkim: {},
    });
    // Only the Setup list shows until "Fill in the form" is picked; saving as it is keeps the config.
    expect(visibleItems(formItems, initFormData(formItems, legacy)).map((item) => item.key)).toEqual([
      'setup',
    ]);
    const again = saveAgain(legacy);
    expect(again.stored).toEqual(legacy);
    expect(again.parsed).toMatchObject({ auth: { user: 'u', pass: 'p' } });
    expect(saveAgain(storedConfig({ ...legacy, setup: 'form' })).parsed).toEqual(again.parsed);
  });
});
