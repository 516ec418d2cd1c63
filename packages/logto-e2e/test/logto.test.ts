import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  senderDomainRecords,
  smtpConfigFor,
  startTestDnsServer,
  startTestSmtpServer,
  type TestDnsServer,
  type TestSmtpServer,
} from '@seedworks/test-fixtures';
import { naverProfileResponse } from '@seedworks/test-fixtures/naver/responses';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../src/browser.js';
import { startCallbackServer } from '../src/callback-server.js';
import { measureGuide, screenshotGuide } from '../src/console-guide.js';
import { callExperienceApi, nextSocialIdentification } from '../src/experience-api.js';
import {
  findLogtoTarballs,
  freePort,
  type Logto,
  logtoReleases,
  logtoTarballVariable,
  releaseOf,
  startLogto,
} from '../src/logto.js';
import { callbackWithCode, codeFromStandIn } from '../src/naver-callback.js';
import { type NaverStandIn, startNaverStandIn } from '../src/naver-stand-in.js';
import {
  authorizationUrl,
  type ConnectorResponse,
  configureSignInExperience,
  createApp,
  createConnector,
  deleteConnectors,
  exchangeCode,
  type OidcApp,
  subjectOf,
} from '../src/setup.js';

const tarballs = findLogtoTarballs();
const skippedTitle = `in a real Logto: SKIPPED, no pre-built Logto tarball. Set ${logtoTarballVariable}=/path/to/logto-${logtoReleases[0]}.tar.gz, or put ${logtoReleases.map((release) => `logto-${release}.tar.gz`).join(' and ')} in ../shared/logto/ beside the clone`;

if (tarballs.length === 0) {
  // Shown next to the skipped tests: how to run them.
  console.warn(
    `logto-e2e: SKIPPED (no pre-built Logto). ${skippedTitle.slice(skippedTitle.indexOf('Set '))}`,
  );
}

/** Screenshots of the release under test, in `.artifacts/<release>/`. */
let artifacts = path.resolve(import.meta.dirname, '..', '.artifacts');

let logto: Logto;
let standIn: NaverStandIn;
let smtp: TestSmtpServer;
let dns: TestDnsServer;
let callback: Awaited<ReturnType<typeof startCallbackServer>>;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let app: OidcApp;
let page: Page;
let naverConnector: ConnectorResponse;
const stops: (() => Promise<unknown>)[] = [];

const screenshot = (name: string) =>
  page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** Waits for the next message to `to` at the SMTP server and returns its six-digit code. */
const codeFromMail = async (to: string, before: number) => {
  const messages = await smtp.waitForMessages(before + 1, 20_000);
  const message = messages.slice(before).find((candidate) => candidate.envelope.to.includes(to));
  const code = /\b(\d{6})\b/.exec(message?.parsed.text ?? '')?.[1];
  if (!message || !code) {
    throw new Error(`no code mailed to ${to}; got: ${messages.slice(before).map((m) => m.parsed.text)}`);
  }
  return { code, message };
};

/** Our SMTP connector as a new admin sets it up: no templates, so every email is a built-in one. */
const noTemplatesConfig = () => smtpConfigFor(smtp, { templates: undefined });

/** A built-in email: HTML and text with the code, and no placeholder left. */
const expectBuiltInEmail = (message: TestSmtpServer['messages'][number], code: string, subject: RegExp) => {
  expect(message.parsed.subject).toMatch(subject);
  expect(message.parsed.html).toContain(`>${code}</div>`);
  expect(message.parsed.text).toContain(code);
  expect(`${message.parsed.subject}${message.parsed.html}${message.parsed.text}`).not.toMatch(/\{\{/);
};

/** Waits until Logto redirects back to the app, then exchanges the code: the signed-in user's tokens. */
const backAtApp = async () => {
  await page.waitForURL((url) => url.href.startsWith(app.redirectUri), { timeout: 30_000 });
  const code = new URL(page.url()).searchParams.get('code');
  expect(code).toBeTruthy();
  const tokens = await exchangeCode(logto, app, code ?? '');
  return { ...tokens, userId: subjectOf(tokens.id_token) };
};

const openSignIn = async (scope?: string) => {
  await page.goto(authorizationUrl(logto, app, { scope }));
  await page.locator('input[name=identifier]').waitFor();
  // Let the page finish its own start-up requests before clicking, as a person would. Seen once:
  // a click on the Naver button within milliseconds of the form appearing lost the social
  // verification record (the callback then failed with session.verification_session_not_found).
  await page.waitForLoadState('networkidle');
};

const typeMailedCode = async (email: string, before: number) => {
  await page.waitForURL(/\/verification-code/, { timeout: 30_000 });
  const { code } = await codeFromMail(email, before);
  await page.locator('input[name=passcode_0]').waitFor();
  await page.keyboard.type(code);
};

/**
 * Logto's "Link email" step after a social callback: the sign-up requires an email and the
 * connector returned none, so the page asks for one and verifies it by a code our SMTP connector
 * mails.
 */
const linkEmailByCode = async (email: string) => {
  await page.waitForURL(/\/continue\/email/, { timeout: 30_000 });
  await page.locator('input[name=identifier]').fill(email);
  const before = smtp.messages.length;
  await page.getByRole('button', { name: 'Continue' }).click();
  await typeMailedCode(email, before);
};

/**
 * Runs `action` (e.g. pressing Agree), waits for the experience API call that fails, and checks
 * that the sign-in page shows that error's message in its toast (which disappears after 3 s).
 */
/** A user as the Management API returns it, with the social identities Logto linked. */
const userById = (userId: string) =>
  logto.api<{ identities: Record<string, { userId: string }> }>('GET', `/users/${userId}`);

/** The tenant's connector built from our factory (`seedworks-smtp`, `seedworks-naver`), if any. */
const connectorOf = async (factoryId: string) =>
  (await logto.api<ConnectorResponse[]>('GET', '/connectors')).find(
    ({ connectorId }) => connectorId === factoryId,
  );

/** Presses the Console's "Save and Done" and checks that Logto created the connector. */
const saveAndDone = async () => {
  const created = page.waitForResponse(
    (response) =>
      new URL(response.url()).pathname === '/api/connectors' && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Save and Done' }).click();
  expect((await created).status()).toBe(200);
};

const expectErrorToast = async (action: () => Promise<void>) => {
  const failed = page.waitForResponse(
    (response) => new URL(response.url()).pathname.startsWith('/api/experience') && response.status() >= 400,
    { timeout: 30_000 },
  );
  await action();
  const body = (await (await failed).json()) as { code: string; message: string };
  await page.getByText(body.message, { exact: true }).waitFor({ timeout: 10_000 });
  return body;
};

const expectLogtoServing = async () => {
  expect(logto.running).toBe(true);
  expect((await fetch(`${logto.endpoint}/api/status`)).status).toBe(204);
};

/**
 * Makes `factoryId` the Naver connector: Logto allows one social connector per target and platform,
 * and deleting the last one of a target also drops that target from the sign-in experience.
 */
const replaceNaverConnector = async (factoryId: string, extra: Record<string, unknown> = {}) => {
  await deleteConnectors(logto, ['seedworks-naver', 'naver-universal']);
  const connector = await createConnector(
    logto,
    factoryId,
    { clientId: standIn.clientId, clientSecret: standIn.clientSecret },
    extra,
  );
  await configureSignInExperience(logto, ['naver']);
  return connector;
};

const signInWithNaver = async (buttonName: RegExp, scope?: string) => {
  await openSignIn(scope);
  await page.getByRole('button', { name: buttonName }).click();
  await page.getByRole('button', { name: /Agree/ }).waitFor();
};

describe.skipIf(tarballs.length > 0)(skippedTitle, () => {
  it.skip('runs every flow below in each pre-built Logto release', () => {});
});

/** Every flow in one Logto release, started from its pre-built tarball. */
const realLogtoSuite = ({ tarball, release }: { tarball: string; release: string }) => {
  beforeAll(async () => {
    artifacts = path.resolve(import.meta.dirname, '..', '.artifacts', release);
    await rm(artifacts, { recursive: true, force: true });
    await mkdir(artifacts, { recursive: true });
    try {
      standIn = await startNaverStandIn();
      stops.push(() => standIn.naver.close());
      smtp = await startTestSmtpServer();
      stops.push(() => smtp.close());
      callback = await startCallbackServer();
      stops.push(() => callback.close());
      // The DNS the Console's send test checks the sender domain with: example.com is set up,
      // no-spf.example has a TXT record but no SPF (the delivery-check flow in D).
      dns = await startTestDnsServer({
        ...senderDomainRecords('example.com'),
        'no-spf.example': ['site-verification=e2e'],
      });
      stops.push(() => dns.close());
      logto = await startLogto({
        tarball,
        naverAddress: standIn.address,
        extraCaCertificate: standIn.certificate,
        smtpDnsServers: dns.address,
      });
      stops.push(() => logto.stop());
      console.log(`Logto ${logto.version} at ${logto.endpoint} (Console at ${logto.adminEndpoint}/console)`);
      chromium = await launchChromium(standIn.address);
      stops.push(() => chromium.close());
      page = await chromium.context.newPage();
      // Every Playwright wait is bounded (this is also Playwright's default, stated here on purpose).
      page.setDefaultTimeout(30_000);

      await createConnector(logto, 'seedworks-smtp', noTemplatesConfig());
      naverConnector = await createConnector(
        logto,
        'seedworks-naver',
        { clientId: standIn.clientId, clientSecret: standIn.clientSecret },
        { enableTokenStorage: true },
      );
      await configureSignInExperience(logto, ['naver']);
      app = await createApp(logto, callback.redirectUri);
    } catch (error) {
      for (const stop of stops.splice(0).reverse()) {
        await stop().catch(() => {});
      }
      throw error;
    }
  });

  afterAll(async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((error: unknown) => console.error('logto-e2e teardown:', error));
    }
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      await screenshot(`failed-${task.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => {});
    }
  });

  beforeEach(async () => {
    // Each flow starts signed out of Logto and of the mock Naver.
    await chromium.context.clearCookies();
    standIn.naver.setConsent('prompt');
  });

  // One story in a single Logto instance, in this order: Alice registers, then signs in and resets
  // her password on the account the first test made (the Naver flows after those stand alone).
  describe.sequential('A. the sign-in page', () => {
    const email = 'alice@example.com';
    /** Set by the registration test; the two tests after it sign in to this account. */
    let aliceId: string | undefined;
    const registeredAlice = () => {
      expect(
        aliceId,
        'the registration test ("registers with an email verification code…") must pass first',
      ).toBeDefined();
      return aliceId;
    };

    it('registers with an email verification code that our SMTP connector delivered', async () => {
      await openSignIn();
      await page.getByRole('link', { name: 'Create account' }).click();
      await page.locator('input[name=identifier]').fill(email);
      await page.getByRole('button', { name: 'Create account' }).click();
      const before = smtp.messages.length;
      await typeMailedCode(email, before);
      const { code, message } = await codeFromMail(email, before);
      expect(message.envelope.to).toEqual([email]);
      // The built-in Register email, in the sign-in page's language, naming the application.
      expectBuiltInEmail(message, code, /^Confirm your email for Seedworks E2E$/);
      await screenshot('a1-register-code-entered');
      const { userId } = await backAtApp();
      await screenshot('a1-register-back-at-app');
      const user = await logto.api<{ primaryEmail: string }>('GET', `/users/${userId}`);
      expect(user.primaryEmail).toBe(email);
      aliceId = userId;
    });

    it('signs in with an email verification code', async () => {
      const registered = registeredAlice();
      await openSignIn();
      await page.locator('input[name=identifier]').fill(email);
      const before = smtp.messages.length;
      await page.getByRole('button', { name: 'Sign in' }).click();
      await typeMailedCode(email, before);
      const { code, message } = await codeFromMail(email, before);
      expectBuiltInEmail(message, code, /^Your Seedworks E2E sign-in code$/);
      const { userId } = await backAtApp();
      expect(userId).toBe(registered);
    });

    it('resets the password with an email code, then signs in with the new password', async () => {
      const registered = registeredAlice();
      const password = 'Correct-Horse-7-battery';
      await openSignIn();
      await page.locator('input[name=identifier]').fill(email);
      let before = smtp.messages.length;
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/verification-code/);
      await page.getByText('Sign in with password').click();
      await page.getByText('Forgot your password?').click();
      await page.waitForURL(/\/forgot-password/);
      await screenshot('a3-forgot-password');
      before = smtp.messages.length;
      await page.getByRole('button', { name: 'Continue' }).click();
      await typeMailedCode(email, before);
      const { code, message } = await codeFromMail(email, before);
      expectBuiltInEmail(message, code, /^Reset your Seedworks E2E password$/);
      await page.locator('input[name=newPassword]').fill(password);
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.getByText('Password changed').waitFor();
      await screenshot('a3-password-changed');

      await openSignIn();
      await page.locator('input[name=identifier]').fill(email);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/verification-code/);
      await page.getByText('Sign in with password').click();
      await page.locator('input[name=password]').fill(password);
      await page.getByRole('button', { name: 'Continue' }).click();
      const { userId } = await backAtApp();
      expect(userId).toBe(registered);
    });

    it('signs in with Naver (our connector) through the consent page', async () => {
      await signInWithNaver(/Naver \(Seedworks\)/);
      expect(new URL(page.url()).hostname).toBe('nid.naver.com');
      await screenshot('a4-naver-consent');
      await page.getByRole('button', { name: /Agree/ }).click();
      // A new Naver user: Naver's email is not handed to Logto by default, and the sign-up needs one.
      await linkEmailByCode('naver-a4@example.com');
      const { userId } = await backAtApp();
      const user = await userById(userId);
      expect(user.identities.naver?.userId).toBe(naverProfileResponse.response.id);
    });

    it('Cancel on the consent page shows a message, and the sign-in page still works', async () => {
      await signInWithNaver(/Naver \(Seedworks\)/);
      const error = await expectErrorToast(() => page.getByRole('button', { name: /Cancel/ }).click());
      expect(error).toMatchObject({
        code: 'connector.authorization_failed',
        message: "The user's authorization process is unsuccessful.",
      });
      await screenshot('a5-naver-cancelled');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.getByRole('button', { name: /Naver \(Seedworks\)/ }).click();
      await page.getByRole('button', { name: /Agree/ }).click();
      await backAtApp();
    });

    it('a wrong client secret shows a message, and Logto keeps serving', async () => {
      await logto.api('PATCH', `/connectors/${naverConnector.id}`, {
        config: { clientId: standIn.clientId, clientSecret: 'wrong-secret' },
      });
      try {
        await signInWithNaver(/Naver \(Seedworks\)/);
        const error = await expectErrorToast(() => page.getByRole('button', { name: /Agree/ }).click());
        expect(error).toMatchObject({
          code: 'connector.invalid_config',
          message: "The connector's config is invalid.",
        });
        // Our hint for the admin travels with it (the Console shows it; the sign-in page does not).
        expect(JSON.stringify(error)).toContain('Naver rejected the client credentials');
        await screenshot('a6-naver-wrong-secret');
        await expectLogtoServing();
      } finally {
        await logto.api('PATCH', `/connectors/${naverConnector.id}`, {
          config: { clientId: standIn.clientId, clientSecret: standIn.clientSecret },
        });
      }
    });

    it('a Naver outage (HTTP 500) shows a message, and Logto keeps serving', async () => {
      await signInWithNaver(/Naver \(Seedworks\)/);
      standIn.naver.setOutage(500);
      try {
        const error = await expectErrorToast(() => page.getByRole('button', { name: /Agree/ }).click());
        // A `General` error: Logto's message carries our hint, so the user reads "try again".
        expect(error).toMatchObject({ code: 'connector.general' });
        expect(error.message).toMatch(
          /^Error occurred in connector: Naver answered the token exchange with HTTP 500 .*try again/,
        );
        await screenshot('a7-naver-outage');
        await expectLogtoServing();
      } finally {
        standIn.naver.setOutage(undefined);
      }
    });
  });

  describe('B. Secret Vault (token storage)', () => {
    it('stores Naver tokens at sign-in; the Account API returns them and refreshes an expired one through our connector', async () => {
      // The Account API answers only when the account center is enabled.
      await logto.api('PATCH', '/account-center', { enabled: true, fields: { social: 'Edit' } });
      const refreshes = () => standIn.naver.grants.refresh_token ?? 0;
      const refreshesBefore = refreshes();
      await signInWithNaver(/Naver \(Seedworks\)/, 'openid profile email identities');
      await page.getByRole('button', { name: /Agree/ }).click();
      const { access_token: userToken, userId } = await backAtApp();
      expect(await logto.sql(`select count(*) from secrets where user_id = '${userId}'`)).toBe('1');

      const storedNaverToken = async () => {
        const response = await fetch(`${logto.endpoint}/api/my-account/identities/naver/access-token`, {
          headers: { authorization: `Bearer ${userToken}` },
        });
        expect(response.status).toBe(200);
        return (await response.json()) as { access_token: string; expires_in?: number };
      };
      const stored = await storedNaverToken();
      // The mock Naver's access tokens look like Naver's: base64 starting with AAAA.
      expect(stored.access_token).toMatch(/^AAAA/);
      expect(stored.expires_in).toBeGreaterThan(3000);
      expect(refreshes()).toBe(refreshesBefore);

      // Expire the stored access token: Logto must call getAccessTokenByRefreshToken.
      await logto.sql(
        `update secrets set metadata = metadata || jsonb_build_object('expiresAt', extract(epoch from now())::bigint - 60)
          where user_id = '${userId}'`,
      );
      const refreshed = await storedNaverToken();
      expect(refreshes()).toBe(refreshesBefore + 1);
      expect(refreshed.access_token).toMatch(/^AAAA/);
      expect(refreshed.access_token).not.toBe(stored.access_token);
      expect(refreshed.expires_in).toBeGreaterThan(3000);
      // The refreshed token was stored: the next call needs no refresh.
      expect((await storedNaverToken()).access_token).toBe(refreshed.access_token);
      expect(refreshes()).toBe(refreshesBefore + 1);
    });
  });

  describe('C. continuity with the official Naver connector', () => {
    it('a user who signed in with the official connector signs in with ours and lands on the same account', async () => {
      standIn.naver.setProfile({
        ...naverProfileResponse.response,
        id: '58221379',
        email: 'continuity@example.com',
      });
      try {
        await replaceNaverConnector('naver-universal');
        await signInWithNaver(/Continue with Naver$/);
        await screenshot('c1-official-naver-consent');
        await page.getByRole('button', { name: /Agree/ }).click();
        const viaOfficial = await backAtApp();

        naverConnector = await replaceNaverConnector('seedworks-naver', { enableTokenStorage: true });
        await chromium.context.clearCookies();
        await signInWithNaver(/Naver \(Seedworks\)/);
        await page.getByRole('button', { name: /Agree/ }).click();
        const viaOurs = await backAtApp();
        expect(viaOurs.userId).toBe(viaOfficial.userId);
        const user = await userById(viaOurs.userId);
        expect(Object.keys(user.identities)).toEqual(['naver']);
        expect(user.identities.naver?.userId).toBe('58221379');
      } finally {
        standIn.naver.setProfile({ ...naverProfileResponse.response });
      }
    });
  });

  // One story in a single Logto instance, in this order: the first test creates the admin account
  // the others sign in with, and the SMTP connector saved through the form is saved again after.
  describe.sequential('D. the Console', () => {
    const admin = { username: 'admin', password: 'Admin-Pass-2026-e2e' };
    const mailer = { user: 'mailer', pass: 'mailer-pass-2026' };
    let authSmtp: TestSmtpServer;
    /** Set by the test that creates the admin account; the others sign in to the Console with it. */
    let adminCreated = false;
    /** Set by the test that saves our SMTP connector through its form; the next one edits it. */
    let smtpSavedThroughForm = false;
    const expectAdmin = () =>
      expect(
        adminCreated,
        'the admin account test ("creates the first admin account…") must pass first',
      ).toBe(true);

    beforeAll(async () => {
      // An SMTP server that requires a login, so a wrong password is refused.
      authSmtp = await startTestSmtpServer({ auth: mailer });
      stops.push(() => authSmtp.close());
    });

    /** Opens `route` in the Console, signing in as the admin when the session is gone. */
    const openConsole = async (route: string) => {
      await page.goto(`${logto.adminEndpoint}/console${route}`);
      await page.waitForURL((url) => url.pathname.startsWith('/console/') || url.pathname === '/sign-in');
      if (new URL(page.url()).pathname === '/sign-in') {
        await page.locator('input[name=identifier]').fill(admin.username);
        await page.locator('input[name=password]').fill(admin.password);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.waitForURL((url) => url.pathname.startsWith('/console/'), { timeout: 30_000 });
        await page.goto(`${logto.adminEndpoint}/console${route}`);
      }
    };

    /** Presses Send in the connector tester and returns the test endpoint's answer. */
    const sendTestEmail = async () => {
      const answer = page.waitForResponse(
        (response) =>
          new URL(response.url()).pathname === '/api/connectors/seedworks-smtp/test' &&
          response.request().method() === 'POST',
        { timeout: 60_000 },
      );
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const response = await answer;
      return { status: response.status(), body: await response.text() };
    };

    const formField = (key: string) => page.locator(`input[name="formConfig.${key}"]`);

    it('creates the first admin account at ADMIN_ENDPOINT/console', async () => {
      await page.goto(`${logto.adminEndpoint}/console`);
      await page.waitForURL(/\/console\/welcome/);
      await screenshot('d1-console-welcome');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('input[name=identifier]').fill(admin.username);
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.locator('input[name=newPassword]').fill(admin.password);
      await page.locator('input[name=confirmPassword]').fill(admin.password);
      await page.getByRole('button', { name: 'Save password' }).click();
      await page.waitForURL(/\/console\/get-started/, { timeout: 30_000 });
      await page.getByText('Something to help you succeed').waitFor();
      await screenshot('d1-console-get-started');
      adminCreated = true;
    });

    it('shows our SMTP README beside the setup form: troubleshooting within three screens, no word broken across lines', async () => {
      expectAdmin();
      // Logto allows one email connector: the one made through the API in beforeAll goes first.
      await deleteConnectors(logto, ['seedworks-smtp']);
      await openConsole('/connectors/passwordless');
      await page.getByRole('button', { name: 'Set up' }).first().click();
      await page.getByText('SMTP (Seedworks)').click();
      await page.getByRole('button', { name: 'Next' }).click();
      await formField('host').waitFor();
      // A heading of the README itself (Logto shows the README's title in its own card header).
      const title = 'In the Console';
      await page.getByRole('heading', { name: 'Troubleshooting' }).waitFor({ state: 'attached' });
      const guide = await measureGuide(page, title, 'Troubleshooting');
      console.log(`SMTP guide column in Logto ${logto.version}: ${JSON.stringify(guide)}`);
      await screenshotGuide(page, title, artifacts, 'd2-smtp-guide-screen', guide.headingScreen);
      // The column Logto gives the README beside its form (about 560 px at this window's width).
      expect(guide.width).toBeGreaterThan(400);
      expect(guide.width).toBeLessThan(700);
      expect(guide.headingScreen).toBeLessThanOrEqual(3);
      expect(guide.brokenWords).toEqual([]);
      expect(guide.scrollsSideways).toEqual([]);
    });

    it('sets up our SMTP connector through its form: hints for a wrong password and port, a test email, Save and Done', async () => {
      expectAdmin();
      // Logto allows one email connector: the one made through the API in beforeAll goes first.
      await deleteConnectors(logto, ['seedworks-smtp']);
      await openConsole('/connectors/passwordless');
      await page.getByRole('button', { name: 'Set up' }).first().click();
      await page.getByText('SMTP (Seedworks)').click();
      await page.getByRole('button', { name: 'Next' }).click();
      await formField('host').waitFor();
      await formField('host').fill(authSmtp.host);
      await formField('port').fill(String(authSmtp.port));
      await formField('username').fill(mailer.user);
      await formField('password').fill('wrong-password');
      await formField('fromEmail').fill('noreply@example.com');
      await page.locator('input[name=sendTo]').fill('admin-test@example.com');

      const wrongPassword = await sendTestEmail();
      expect(wrongPassword.status).toBe(400);
      const loginHint = `The mail server at ${authSmtp.host}:${authSmtp.port} rejected the login (535 5.7.8).`;
      await page.getByText(loginHint, { exact: false }).first().waitFor({ timeout: 10_000 });
      await screenshot('d2-smtp-wrong-password-toast');

      await formField('password').fill(mailer.pass);
      const closedPort = await freePort();
      await formField('port').fill(String(closedPort));
      const wrongPort = await sendTestEmail();
      expect(wrongPort.status).toBe(400);
      const portHint = `The connection to ${authSmtp.host}:${closedPort} was refused`;
      await page.getByText(portHint, { exact: false }).first().waitFor({ timeout: 10_000 });
      await screenshot('d2-smtp-wrong-port-toast');

      await formField('port').fill(String(authSmtp.port));
      const before = authSmtp.messages.length;
      expect((await sendTestEmail()).status).toBe(204);
      await page.getByText('Test message sent').first().waitFor({ timeout: 10_000 });
      const [message] = (await authSmtp.waitForMessages(before + 1, 20_000)).slice(before);
      expect(message?.envelope.to).toEqual(['admin-test@example.com']);
      expect(message?.user).toBe(mailer.user);
      // The form's Templates starts empty: the Console's test is the built-in Generic email.
      expect(message?.parsed.text).toContain('Verification code: 000000');
      await screenshot('d2-smtp-test-sent');

      await saveAndDone();
      await page.waitForURL(/\/console\/connectors\/passwordless\/[a-z0-9]+$/, { timeout: 30_000 });
      await formField('host').waitFor();
      const smtpConnector = await connectorOf('seedworks-smtp');
      expect(smtpConnector).toBeDefined();
      await screenshot('d2-smtp-saved-details');
      smtpSavedThroughForm = true;
    });

    it('saves our SMTP connector again from its details page, and it still sends', async () => {
      expect(
        smtpSavedThroughForm,
        'the SMTP form test ("sets up our SMTP connector through its form…") must pass first',
      ).toBe(true);
      const smtpConnector = await connectorOf('seedworks-smtp');
      const before = await logto.api<{ config: Record<string, unknown> }>(
        'GET',
        `/connectors/${smtpConnector?.id}`,
      );
      await openConsole(`/connectors/passwordless/${smtpConnector?.id}`);
      await formField('fromName').waitFor();
      // The action bar appears once the form has a change.
      await formField('fromName').fill('Acme E2E');
      const saved = page.waitForResponse(
        (response) =>
          new URL(response.url()).pathname === `/api/connectors/${smtpConnector?.id}` &&
          response.request().method() === 'PATCH',
      );
      await page.getByRole('button', { name: 'Save changes' }).click();
      expect((await saved).status()).toBe(200);
      await page.getByText('Saved', { exact: true }).first().waitFor({ timeout: 10_000 });
      await screenshot('d3-smtp-saved-again');
      const stored = await logto.api<{ config: Record<string, unknown> }>(
        'GET',
        `/connectors/${smtpConnector?.id}`,
      );
      // Saving again through the form changes only the edited field. Seen with Logto 1.42: after
      // the details page's save, the switches that are off are no longer stored (creation stored
      // them as `false`); off is each switch's default, so only `false` entries may go.
      const withoutOff = (config: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(config).filter(([, value]) => value !== false));
      expect(withoutOff(stored.config)).toEqual(withoutOff({ ...before.config, fromName: 'Acme E2E' }));
      expect(stored.config).toMatchObject({
        host: authSmtp.host,
        port: authSmtp.port,
        username: mailer.user,
        password: mailer.pass,
        fromEmail: 'noreply@example.com',
        fromName: 'Acme E2E',
      });
      await page.locator('input[name=sendTo]').fill('admin-test@example.com');
      const sent = authSmtp.messages.length;
      expect((await sendTestEmail()).status).toBe(204);
      const [message] = (await authSmtp.waitForMessages(sent + 1, 20_000)).slice(sent);
      expect(message?.parsed.from?.text).toContain('Acme E2E');
    });

    it('shows our Naver README beside the setup form: troubleshooting within three screens, no word broken across lines', async () => {
      expectAdmin();
      await deleteConnectors(logto, ['seedworks-naver', 'naver-universal']);
      await openConsole('/connectors/social');
      await page
        .getByRole('button', { name: /Add social connector/i })
        .first()
        .click();
      // Ours and the official one share the "Naver" card; ours is the radio with its factory id.
      await page.getByText('Naver', { exact: true }).click();
      const platforms = page.locator('[role=radio]').filter({ has: page.locator('input[name=connector]') });
      await expect.poll(() => platforms.count(), { timeout: 10_000 }).toBe(2);
      await platforms.filter({ has: page.locator('input[value="seedworks-naver"]') }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await formField('clientId').waitFor();
      // A heading of the README itself (Logto shows the README's title in its own card header).
      const title = 'Registering the app at Naver Developers';
      await page.getByRole('heading', { name: 'Troubleshooting' }).waitFor({ state: 'attached' });
      const guide = await measureGuide(page, title, 'Troubleshooting');
      console.log(`Naver guide column in Logto ${logto.version}: ${JSON.stringify(guide)}`);
      await screenshotGuide(page, title, artifacts, 'd4-naver-guide-screen', guide.headingScreen);
      expect(guide.width).toBeGreaterThan(400);
      expect(guide.width).toBeLessThan(700);
      expect(guide.headingScreen).toBeLessThanOrEqual(3);
      expect(guide.brokenWords).toEqual([]);
      expect(guide.scrollsSideways).toEqual([]);
    });

    it('sets up our Naver connector through its form and saves it; a sign-in with it works', async () => {
      expectAdmin();
      await deleteConnectors(logto, ['seedworks-naver', 'naver-universal']);
      await openConsole('/connectors/social');
      await page
        .getByRole('button', { name: /Add social connector/i })
        .first()
        .click();
      // Logto's Console groups social factories by target: ours and the official one share one
      // "Naver" card (the first factory's name), and picking it asks for a platform, where both
      // are "Universal". Ours is the radio whose value is its factory id.
      await page.getByText('Naver', { exact: true }).click();
      const platforms = page.locator('[role=radio]').filter({ has: page.locator('input[name=connector]') });
      await expect.poll(() => platforms.count(), { timeout: 10_000 }).toBe(2);
      await screenshot('d4-naver-platform-choice');
      await platforms.filter({ has: page.locator('input[value="seedworks-naver"]') }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      await formField('clientId').waitFor();
      await formField('clientId').fill(standIn.clientId);
      await formField('clientSecret').fill(standIn.clientSecret);
      await screenshot('d4-naver-form');
      // The trust switches, off by default, each with its one-sentence warning (the README beside
      // the form quotes the same words, hence the exact matches).
      await page.getByText('Trust the email from Naver', { exact: true }).scrollIntoViewIfNeeded();
      await page
        .getByText(
          'Hands the mobile number of the Naver ID to Logto: Logto may then sign the person in as the existing user with that phone number.',
          { exact: true },
        )
        .waitFor();
      await page.screenshot({ path: path.join(artifacts, 'd4-naver-form-switches.png') });
      await saveAndDone();
      await page.waitForURL(/\/console\/connectors\/social\/[a-z0-9]+$/, { timeout: 30_000 });
      await screenshot('d4-naver-saved-details');
      const naver = await connectorOf('seedworks-naver');
      expect(naver).toBeDefined();
      // Saved with both switches off: Naver's email and phone are not handed to Logto.
      const saved = await logto.api<{ config: Record<string, unknown> }>('GET', `/connectors/${naver?.id}`);
      expect(saved.config).toMatchObject({ trustEmail: false, trustPhone: false });

      await configureSignInExperience(logto, ['naver']);
      await chromium.context.clearCookies();
      await signInWithNaver(/Naver \(Seedworks\)/);
      await page.getByRole('button', { name: /Agree/ }).click();
      const { userId } = await backAtApp();
      const user = await userById(userId);
      expect(user.identities.naver?.userId).toBe(naverProfileResponse.response.id);
    });

    it('the SMTP send test runs the delivery check: a sender domain without SPF fails it with the fix, a good one gets the report', async () => {
      expect(
        smtpSavedThroughForm,
        'the SMTP form test ("sets up our SMTP connector through its form…") must pass first',
      ).toBe(true);
      const smtpConnector = await connectorOf('seedworks-smtp');
      await openConsole(`/connectors/passwordless/${smtpConnector?.id}`);
      await formField('fromEmail').waitFor();
      await formField('fromEmail').fill('noreply@no-spf.example');
      await page.locator('input[name=sendTo]').fill('admin-test@example.com');
      const sent = authSmtp.messages.length;
      const refused = await sendTestEmail();
      expect(refused.status).toBe(400);
      expect(refused.body).toContain('SPF (no-spf.example): no SPF record');
      await page
        .getByText('The delivery check found what will keep this mail from arriving', { exact: false })
        .first()
        .waitFor({ timeout: 10_000 });
      await screenshot('d5-smtp-delivery-check-blocker');
      expect(authSmtp.messages.length).toBe(sent);

      await formField('fromEmail').fill('noreply@example.com');
      expect((await sendTestEmail()).status).toBe(204);
      const [message] = (await authSmtp.waitForMessages(sent + 1, 20_000)).slice(sent);
      expect(message?.parsed.text).toMatch(/Delivery check/);
      expect(message?.parsed.text).toMatch(/^OK +SPF \(example\.com\)/m);
    });

    // Issue 26: many Logto hosts cannot see public DNS. Logto's connector asks the suite's DNS
    // server (SEEDWORKS_SMTP_DNS_SERVERS, see src/logto.ts), read at every send test: emptied here,
    // it answers NXDOMAIN for every name, as a split-horizon or air-gapped resolver does.
    describe.sequential('D6. the send test on a Logto whose resolver sees no public DNS', () => {
      let records: Map<string, string[]>;
      beforeAll(() => {
        records = new Map(dns.txt);
        dns.txt.clear();
      });
      afterAll(() => {
        for (const [name, values] of records) {
          dns.txt.set(name, values);
        }
      });

      it('a correct setup sends the test message with one DNS warning; a closed port and a wrong password are named as such, without SPF', async () => {
        expect(
          smtpSavedThroughForm,
          'the SMTP form test ("sets up our SMTP connector through its form…") must pass first',
        ).toBe(true);
        const smtpConnector = await connectorOf('seedworks-smtp');
        await openConsole(`/connectors/passwordless/${smtpConnector?.id}`);
        await formField('fromEmail').waitFor();
        await formField('fromEmail').fill('noreply@example.com');
        await page.locator('input[name=sendTo]').fill('admin-test@example.com');

        const sent = authSmtp.messages.length;
        const queriesBefore = dns.queries.length;
        expect((await sendTestEmail()).status).toBe(204);
        await page.getByText('Test message sent').first().waitFor({ timeout: 10_000 });
        await screenshot('d6-smtp-blind-dns-test-sent');
        const [message] = (await authSmtp.waitForMessages(sent + 1, 20_000)).slice(sent);
        expect(message?.parsed.text).toMatch(
          /^WARNING DNS \(example\.com\): the Logto host cannot see public DNS .*SPF, DMARC and DKIM were not checked/m,
        );
        expect(message?.parsed.text).not.toMatch(/^(OK|WARNING|BLOCKER) +SPF/m);
        // The connector inside Logto did ask the blind resolver.
        expect(dns.queries.slice(queriesBefore)).toContain('TXT example.com');

        const closedPort = await freePort();
        await formField('port').fill(String(closedPort));
        const wrongPort = await sendTestEmail();
        expect(wrongPort.status).toBe(400);
        expect(wrongPort.body).not.toMatch(/SPF|DNS/);
        await page
          .getByText(`The connection to ${authSmtp.host}:${closedPort} was refused`, { exact: false })
          .first()
          .waitFor({ timeout: 10_000 });
        await screenshot('d6-smtp-blind-dns-closed-port-toast');

        await formField('port').fill(String(authSmtp.port));
        await formField('password').fill('wrong-password');
        const wrongPassword = await sendTestEmail();
        expect(wrongPassword.status).toBe(400);
        expect(wrongPassword.body).not.toMatch(/SPF|DNS/);
        await page
          .getByText(`The mail server at ${authSmtp.host}:${authSmtp.port} rejected the login (535 5.7.8).`, {
            exact: false,
          })
          .first()
          .waitFor({ timeout: 10_000 });
        await screenshot('d6-smtp-blind-dns-wrong-password-toast');
        expect(authSmtp.messages.length).toBe(sent + 1);
      });
    });
  });

  // Issue 21: a Naver account whose contact email (or number) is that of an existing user must not
  // get that user's account. Each test starts a new Naver account; the block sets up its own
  // connectors, as the Console tests before it replace both.
  describe.sequential('E. Naver’s email and phone are not trusted by default', () => {
    const existing = { primaryEmail: 'owner@example.com', primaryPhone: '821012345678' };
    let existingUserId: string;
    let naver: ConnectorResponse;

    /** The mock Naver's next profile: a new Naver id, carrying the existing user's email and phone. */
    const newNaverAccount = (id: string) =>
      standIn.naver.setProfile({
        ...naverProfileResponse.response,
        id,
        email: existing.primaryEmail,
        mobile_e164: `+${existing.primaryPhone}`,
      });

    const sessionsOf = (userId: string) =>
      logto.sql(
        `select count(*) from oidc_model_instances where model_name = 'Session' and payload->>'accountId' = '${userId}'`,
      );

    const setNaverConfig = (extra: Record<string, unknown>) =>
      logto.api('PATCH', `/connectors/${naver.id}`, {
        config: { clientId: standIn.clientId, clientSecret: standIn.clientSecret, ...extra },
      });

    beforeAll(async () => {
      // Our SMTP connector to the suite's server (the Console tests pointed it elsewhere), and our
      // Naver connector with the default config, which is what a config pasted from the official
      // connector gets.
      await deleteConnectors(logto, ['seedworks-smtp']);
      await createConnector(logto, 'seedworks-smtp', noTemplatesConfig());
      naver = await replaceNaverConnector('seedworks-naver');
      ({ id: existingUserId } = await logto.api<{ id: string }>('POST', '/users', existing));
    });

    afterEach(() => {
      standIn.naver.setProfile({ ...naverProfileResponse.response });
    });

    it('a new Naver account with an existing user’s email and phone is offered no link, cannot force one, and gets no session', async () => {
      newNaverAccount('e1-naver-id');
      await signInWithNaver(/Naver \(Seedworks\)/);
      const identification = nextSocialIdentification(page);
      await page.getByRole('button', { name: /Agree/ }).click();
      const { verificationId, status, body } = await identification;
      expect(status).toBe(404);
      expect(body.code).toBe('user.identity_not_exist');
      // With Naver's email or phone in the user info, Logto would name the existing user here.
      expect(body.data?.relatedUser).toBeUndefined();
      // The sign-up requires an email: Logto asks for one instead of offering the account.
      await page.waitForURL(/\/continue\/email/);
      await page.locator('input[name=identifier]').waitFor();
      await screenshot('e1-naver-asks-for-email');

      // What the page's "link" button would send, sent by hand.
      expect(
        (
          await callExperienceApi(page, 'PUT', '/api/experience/interaction-event', {
            interactionEvent: 'SignIn',
          })
        ).status,
      ).toBe(204);
      const forced = await callExperienceApi(page, 'POST', '/api/experience/identification', {
        verificationId,
        linkSocialIdentity: true,
      });
      expect(forced.status).toBe(404);
      expect(forced.body?.code).toBe('user.identity_not_exist');
      const submitted = await callExperienceApi(page, 'POST', '/api/experience/submit');
      expect(submitted.status).toBeGreaterThanOrEqual(400);
      expect(submitted.body?.redirectTo).toBeUndefined();

      expect(await sessionsOf(existingUserId)).toBe('0');
      const owner = await logto.api<{ lastSignInAt: number | null; identities: object }>(
        'GET',
        `/users/${existingUserId}`,
      );
      expect(owner.lastSignInAt).toBeNull();
      expect(owner.identities).toEqual({});
    });

    it('with sign-up requiring an email, a new Naver user signs up after an email code from our SMTP connector, and signs in again as the same user', async () => {
      newNaverAccount('e2-naver-id');
      await signInWithNaver(/Naver \(Seedworks\)/);
      await page.getByRole('button', { name: /Agree/ }).click();
      await linkEmailByCode('naver-e2@example.com');
      await screenshot('e2-email-code-entered');
      const first = await backAtApp();
      expect(first.userId).not.toBe(existingUserId);
      const user = await logto.api<{
        primaryEmail: string | null;
        primaryPhone: string | null;
        identities: Record<string, { userId: string }>;
      }>('GET', `/users/${first.userId}`);
      expect(user.primaryEmail).toBe('naver-e2@example.com');
      expect(user.primaryPhone).toBeNull();
      expect(user.identities.naver?.userId).toBe('e2-naver-id');
      // The session query does see a signed-in user's session (so its 0 for the owner means none).
      expect(Number(await sessionsOf(first.userId))).toBeGreaterThan(0);

      await chromium.context.clearCookies();
      await signInWithNaver(/Naver \(Seedworks\)/);
      await page.getByRole('button', { name: /Agree/ }).click();
      // Found by the Naver id: no email step this time.
      const again = await backAtApp();
      expect(again.userId).toBe(first.userId);
      expect(await sessionsOf(existingUserId)).toBe('0');
    });

    it('with trustEmail on, the same account is offered the existing user’s account (the documented trade-off)', async () => {
      await setNaverConfig({ trustEmail: true });
      try {
        newNaverAccount('e3-naver-id');
        await signInWithNaver(/Naver \(Seedworks\)/);
        const identification = nextSocialIdentification(page);
        await page.getByRole('button', { name: /Agree/ }).click();
        const { status, body } = await identification;
        expect(status).toBe(404);
        // Matched by email only: trustPhone is off, so the phone (checked first) is not sent.
        expect(body.data?.relatedUser).toEqual({ type: 'email', value: existing.primaryEmail });
        await page.waitForURL(/\/social\/link\//);
        await page.getByRole('button', { name: /^Link with / }).waitFor();
        await screenshot('e3-trust-email-link-offer');
      } finally {
        await setNaverConfig({});
      }
    });

    it('with skipRequiredIdentifiers, a new Naver user signs up with Naver alone', async () => {
      await logto.api('PATCH', '/sign-in-exp', { socialSignIn: { skipRequiredIdentifiers: true } });
      try {
        newNaverAccount('e4-naver-id');
        await signInWithNaver(/Naver \(Seedworks\)/);
        await page.getByRole('button', { name: /Agree/ }).click();
        const { userId } = await backAtApp();
        expect(userId).not.toBe(existingUserId);
        const user = await logto.api<{
          primaryEmail: string | null;
          identities: Record<string, { userId: string }>;
        }>('GET', `/users/${userId}`);
        expect(user.primaryEmail).toBeNull();
        expect(user.identities.naver?.userId).toBe('e4-naver-id');
      } finally {
        await logto.api('PATCH', '/sign-in-exp', { socialSignIn: {} });
      }
    });
  });

  describe('F. organization invitations', () => {
    it('an invitation sent through the Management API arrives in Korean with its link, no templates configured', async () => {
      // Whatever the tests before left: our connector at the test server, without templates.
      await deleteConnectors(logto, ['seedworks-smtp']);
      await createConnector(logto, 'seedworks-smtp', noTemplatesConfig());
      const logoUrl = 'https://assets.example.com/seedworks-korea.png';
      const organization = await logto.api<{ id: string }>('POST', '/organizations', {
        name: 'Seedworks Korea',
        branding: { logoUrl },
      });
      const inviter = await logto.api<{ id: string }>('POST', '/users', {
        username: 'minsu_kim',
        name: '김민수',
      });
      const link = 'https://app.example.com/invitation?id=inv_1&token=t0k3n';
      const before = smtp.messages.length;
      await logto.api('POST', '/organization-invitations', {
        invitee: 'invitee@example.com',
        organizationId: organization.id,
        inviterId: inviter.id,
        expiresAt: Date.now() + 86_400_000,
        messagePayload: { link, locale: 'ko' },
      });
      const [message] = (await smtp.waitForMessages(before + 1, 20_000)).slice(before);
      expect(message?.envelope.to).toEqual(['invitee@example.com']);
      expect(message?.parsed.subject).toBe('김민수님이 회원님을 Seedworks Korea에 초대했습니다');
      expect(message?.parsed.html).toContain(`href="${link.replaceAll('&', '&amp;')}"`);
      expect(message?.parsed.html).toContain(`src="${logoUrl}"`);
      expect(message?.parsed.html).toContain('<html lang="ko"');
      expect(message?.parsed.text).toContain(link);
      expect(`${message?.parsed.subject}${message?.parsed.html}${message?.parsed.text}`).not.toMatch(/\{\{/);
    });
  });

  describe.sequential('G. the mail path lets no one in', () => {
    const domain = 'victim.test';
    /** Logto reads this as an email at `victim.test` (`split('@')[1]`); an address parser, as one at `evil.test`. */
    const smuggled = `"ceo@${domain}@"<other@evil.test>`;
    let organizationId = '';
    const members = async () =>
      (
        await logto.api<{ primaryEmail: string | null }[]>('GET', `/organizations/${organizationId}/users`)
      ).map((user) => user.primaryEmail);

    beforeAll(async () => {
      await configureSignInExperience(logto, ['naver']);
      ({ id: organizationId } = await logto.api<{ id: string }>('POST', '/organizations', {
        name: 'Victim Corp',
      }));
      // Just-in-time provisioning: whoever verifies an email at this domain joins the organization.
      await logto.api('POST', `/organizations/${organizationId}/jit/email-domains`, { emailDomain: domain });
    });

    it('a sign-up with a smuggled recipient gets no code: nothing is mailed, no one joins the organization', async () => {
      await openSignIn();
      await page.getByRole('link', { name: 'Create account' }).click();
      await page.locator('input[name=identifier]').fill(smuggled);
      const before = smtp.messages.length;
      // Chromium's own check of the email field stops the form; an attacker turns it off (or
      // scripts the API), and Logto's check (`^\S+@\S+\.\S+$`) lets the value through.
      await page.getByRole('button', { name: 'Create account' }).click();
      await screenshot('g1-browser-field-check');
      await page.evaluate(() => {
        for (const form of Array.from(document.forms)) {
          form.noValidate = true;
        }
      });
      const body = await expectErrorToast(() => page.getByRole('button', { name: 'Create account' }).click());
      expect(body.code).toBe('connector.invalid_request_parameters');
      await screenshot('g2-smuggled-recipient-refused');

      // The API the page calls, sent by hand, with other spellings Logto reads as `victim.test`.
      for (const value of [smuggled, `ceo@${domain}@evil.test`, `"ceo@${domain}"@evil.test`]) {
        const answer = await callExperienceApi(
          page,
          'POST',
          '/api/experience/verification/verification-code',
          {
            identifier: { type: 'email', value },
            interactionEvent: 'Register',
          },
        );
        expect(answer.status, value).toBe(400);
        expect(answer.body?.code, value).toBe('connector.invalid_request_parameters');
        expect(JSON.stringify(answer.body), value).toMatch(/not a plain email address/);
      }

      // The connector refuses before it connects: had it sent, Logto would have answered 200.
      expect(smtp.messages.slice(before)).toEqual([]);
      expect(await members()).toEqual([]);
      const users = await logto.api<{ primaryEmail: string | null }[]>('GET', '/users?page_size=100');
      expect(users.filter((user) => user.primaryEmail?.includes(domain))).toEqual([]);
    });

    it('a real address at that domain still signs up and joins the organization', async () => {
      const email = `new.hire@${domain}`;
      await openSignIn();
      await page.getByRole('link', { name: 'Create account' }).click();
      await page.locator('input[name=identifier]').fill(email);
      const before = smtp.messages.length;
      await page.getByRole('button', { name: 'Create account' }).click();
      await typeMailedCode(email, before);
      const { message } = await codeFromMail(email, before);
      expect(message.envelope.to).toEqual([email]);
      await backAtApp();
      expect(await members()).toEqual([email]);
    });
  });

  // Issue 28: Naver over OpenID Connect, against the stand-in for nid.naver.com speaking it
  // (discovery, JWKS, signed ID tokens, PKCE). Sets up its own connectors, as E does.
  describe.sequential('H. Naver over OpenID Connect (openIdConnect on)', () => {
    let naver: ConnectorResponse;

    const setOpenIdConnect = (openIdConnect: boolean) =>
      logto.api('PATCH', `/connectors/${naver.id}`, {
        config: { clientId: standIn.clientId, clientSecret: standIn.clientSecret, openIdConnect },
      });

    beforeAll(async () => {
      naver = await replaceNaverConnector('seedworks-naver');
      // Naver alone signs a new user up: these tests are about the Naver side.
      await logto.api('PATCH', '/sign-in-exp', { socialSignIn: { skipRequiredIdentifiers: true } });
      standIn.naver.setProfile({ ...naverProfileResponse.response, id: 'g-naver-id' });
    });

    afterAll(async () => {
      standIn.naver.setProfile({ ...naverProfileResponse.response });
      await logto.api('PATCH', '/sign-in-exp', { socialSignIn: {} });
    });

    it('signs in through the real sign-in page with PKCE and a verified ID token, as the same user as without the switch', async () => {
      await signInWithNaver(/Naver \(Seedworks\)/);
      await page.getByRole('button', { name: /Agree/ }).click();
      const classic = await backAtApp();

      await setOpenIdConnect(true);
      await chromium.context.clearCookies();
      const before = { ...standIn.naver.requests };
      await signInWithNaver(/Naver \(Seedworks\)/);
      const authorize = new URL(page.url());
      expect(authorize.hostname).toBe('nid.naver.com');
      expect(authorize.pathname).toBe('/oauth2/authorize');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      await screenshot('h1-naver-oidc-consent');
      await page.getByRole('button', { name: /Agree/ }).click();
      const oidc = await backAtApp();

      // The Logto identity is the Naver id in both modes: the same account.
      expect(oidc.userId).toBe(classic.userId);
      expect((await userById(oidc.userId)).identities.naver?.userId).toBe('g-naver-id');
      const after = standIn.naver.requests;
      expect(after.oidcToken - before.oidcToken).toBe(1);
      expect(after.token - before.token).toBe(0);
      expect(after.jwks - before.jwks).toBe(1);
    });

    it('a code issued to one sign-in and redeemed in another is refused, and nobody is signed in', async () => {
      await setOpenIdConnect(true);
      // The victim's sign-in: Naver issues a code for it, and the code leaks before Logto redeems it.
      await signInWithNaver(/Naver \(Seedworks\)/);
      const victim = await codeFromStandIn(standIn, page.url());
      const victimCode = victim.searchParams.get('code') ?? '';
      expect(victimCode).not.toBe('');

      // The thief's own sign-in, in a browser signed out of everything, opening its own callback
      // page with the victim's code (and its own state, so the sign-in page accepts the callback).
      await chromium.context.clearCookies();
      await signInWithNaver(/Naver \(Seedworks\)/);
      const thiefAuthorizeUrl = page.url();
      const exchanges = standIn.naver.grants.authorization_code ?? 0;
      const error = await expectErrorToast(async () => {
        await page.goto(callbackWithCode(thiefAuthorizeUrl, victimCode));
      });
      await screenshot('h2-naver-oidc-stolen-code');

      // Naver (the stand-in) refused the code: the thief's verifier is not the victim's.
      expect(standIn.naver.grants.authorization_code).toBe(exchanges + 1);
      expect(error.code).toBe('connector.social_auth_code_invalid');
      expect(page.url().startsWith(app.redirectUri)).toBe(false);
      await expectLogtoServing();
    });
  });
};

// Every flow, once per Logto release (the oldest supported and the newest), one release at a time.
for (const tarball of tarballs) {
  const release = releaseOf(tarball);
  describe(`in a real Logto ${release} (pre-built tarball, PostgreSQL, Node 22, Chromium)`, () =>
    realLogtoSuite({ tarball, release }));
}
