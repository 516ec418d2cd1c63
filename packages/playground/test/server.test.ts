import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBuiltConnectors } from '../src/connectors.js';
import { runOnce, sendFromEmailPanel, signInWithNaver } from '../src/once.js';
import { startPlayground } from '../src/playground.js';

let playground: Awaited<ReturnType<typeof startPlayground>>;
beforeAll(async () => {
  playground = await startPlayground();
});
afterAll(async () => {
  await playground.close();
});

describe('playground server', () => {
  it('serves the page and its settings', async () => {
    const page = await fetch(playground.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>Logto connector playground</title>');
    const info = (await (await fetch(`${playground.url}/api/info`)).json()) as {
      mode: string;
      templateTypes: string[];
    };
    expect(info.mode).toMatch(/embedded SMTP server .* local mock/);
    expect(info.templateTypes).toContain('OrganizationInvitation');
  });

  it('sends from the email panel through the built SMTP connector', async () => {
    // An address of this test's own: `--once` below sends the panel's default message too.
    const to = 'server-test-email-panel@example.com';
    const result = await sendFromEmailPanel(playground.url, to);
    expect(result).toMatchObject({ ok: true, received: { subject: 'Your Acme sign-in code', to } });
    const received = playground.embeddedSmtp?.messages.filter((message) => message.envelope.to.includes(to));
    expect(received).toHaveLength(1);
  });

  it('signs in with the mock Naver and shows the profile with masked tokens', async () => {
    const result = (await signInWithNaver(playground.url, 'agree')) as {
      ok: boolean;
      openIdConnect: boolean;
      userInfo: { id: string; email?: string; rawData: { response: { email: string } } };
      tokenResponse: { access_token: string; refresh_token: string; expires_in: number };
    };
    expect(result.ok).toBe(true);
    expect(result.userInfo).toMatchObject({ id: '32742776' });
    // The default config hands Logto no email; the application still reads Naver's in rawData.
    expect(result.userInfo).not.toHaveProperty('email');
    expect(result.userInfo.rawData.response.email).toBe('openapi@naver.com');
    expect(result.tokenResponse.access_token).toMatch(/^AAAA…\(\d+ chars\)$/);
    expect(result.tokenResponse.refresh_token).toMatch(/…\(\d+ chars\)$/);
    expect(result.tokenResponse.expires_in).toBe(3600);
  });

  it('signs in over OpenID Connect too, as the same Naver user, with the mock checking PKCE and signing the ID token', async () => {
    const requests = { ...playground.mockNaver!.requests };
    const result = await signInWithNaver(playground.url, 'agree', 'oidc');
    expect(result).toMatchObject({ ok: true, openIdConnect: true, userInfo: { id: '32742776' } });
    const after = playground.mockNaver!.requests;
    expect(after.oidcAuthorize - requests.oidcAuthorize).toBe(1);
    expect(after.oidcToken - requests.oidcToken).toBe(1);
    expect(after.token - requests.token).toBe(0);
  });

  it('shows AuthorizationFailed when the user presses Cancel', async () => {
    const result = await signInWithNaver(playground.url, 'cancel');
    expect(result).toMatchObject({ ok: false, error: { code: 'authorization_failed' } });
  });

  it('answers an unknown route and a broken request body with JSON errors', async () => {
    expect((await fetch(`${playground.url}/nope`)).status).toBe(404);
    const broken = await fetch(`${playground.url}/api/email/send`, {
      method: 'POST',
      body: '{"config": {"auth": {"pass": hunter2}}}',
    });
    expect(broken.status).toBe(400);
    const body = await broken.text();
    expect(JSON.parse(body)).toEqual({
      ok: false,
      error: { code: 'bad_request', description: expect.stringMatching(/request body is not valid JSON/) },
    });
    expect(body).not.toContain('hunter2');
  });

  it('a replayed callback fails: getSession is one-shot, as in Logto', async () => {
    const start = await fetch(`${playground.url}/naver/start`, { redirect: 'manual' });
    playground.mockNaver?.setConsent('agree');
    try {
      const authorize = await fetch(start.headers.get('location')!, { redirect: 'manual' });
      const callback = authorize.headers.get('location')!;
      const result = async () => {
        const back = await fetch(callback, { redirect: 'manual' });
        const id = new URL(back.headers.get('location')!, playground.url).searchParams.get('naver');
        return (await fetch(`${playground.url}/api/naver/result/${id}`)).json();
      };
      expect(await result()).toMatchObject({ ok: true });
      expect(await result()).toMatchObject({ ok: false });
    } finally {
      playground.mockNaver?.setConsent('prompt');
    }
  });
});

describe('--once', () => {
  it('passes on the embedded defaults', async () => {
    expect(await runOnce(playground.url)).toBe(true);
  });

  it('fails when a flow does not give the expected result', async () => {
    // Every authorize answers as Cancel, so the Agree check cannot pass.
    playground.mockNaver?.setConsent('cancel');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runOnce(playground.url)).toBe(false);
      expect(log.mock.calls.map(([line]) => line)).toEqual([
        expect.stringMatching(/^PASS {2}email: /),
        expect.stringMatching(/^FAIL {2}naver: Agree .*authorization_failed/),
        expect.stringMatching(/^FAIL {2}naver \(OpenID Connect\): Agree .*authorization_failed/),
        expect.stringMatching(/^PASS {2}naver: Cancel /),
      ]);
    } finally {
      log.mockRestore();
      playground.mockNaver?.setConsent('prompt');
    }
  });
});

describe('loading the built connectors', () => {
  it('imports each lib/index.js and passes the probe Logto runs', async () => {
    const { smtp, naver } = await loadBuiltConnectors();
    const email = await smtp.default({ getConfig: async () => ({}) });
    expect(email.metadata.id).toBe('seedworks-smtp');
    const social = await naver.default({ getConfig: async () => ({}) });
    expect(social.type).toBe('Social');
  });
});
