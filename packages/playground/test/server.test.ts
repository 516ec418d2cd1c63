import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendFromEmailPanel, signInWithNaver } from '../src/once.js';
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
    const result = await sendFromEmailPanel(playground.url);
    expect(result).toMatchObject({ ok: true, received: { subject: 'Your Acme sign-in code' } });
    expect(playground.embeddedSmtp?.messages.at(-1)?.envelope.to).toEqual(['user@example.com']);
  });

  it('signs in with the mock Naver and shows the profile with masked tokens', async () => {
    const result = (await signInWithNaver(playground.url, 'agree')) as {
      ok: boolean;
      userInfo: { id: string; email: string };
      tokenResponse: { access_token: string; refresh_token: string; expires_in: number };
    };
    expect(result.ok).toBe(true);
    expect(result.userInfo).toMatchObject({ id: '32742776', email: 'openapi@naver.com' });
    expect(result.tokenResponse.access_token).toMatch(/^AAAA…\(\d+ chars\)$/);
    expect(result.tokenResponse.refresh_token).toMatch(/…\(\d+ chars\)$/);
    expect(result.tokenResponse.expires_in).toBe(3600);
  });

  it('shows AuthorizationFailed when the user presses Cancel', async () => {
    const result = await signInWithNaver(playground.url, 'cancel');
    expect(result).toMatchObject({ ok: false, error: { code: 'authorization_failed' } });
  });

  it('answers an unknown route and a broken request body with JSON errors', async () => {
    expect((await fetch(`${playground.url}/nope`)).status).toBe(404);
    const broken = await fetch(`${playground.url}/api/email/send`, { method: 'POST', body: '{' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
