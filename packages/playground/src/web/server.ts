import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EmailConnector, type SocialConnector, TemplateType } from '@logto/connector-kit';
import type { TestSmtpServer } from '@seedworks/test-fixtures';
import { type CheckDelivery, checkEmailDelivery, type EmailRequest, sendEmail } from './email-panel.js';
import { collectGallery, galleryPageHtml, sampleLogoSvg } from './gallery.js';
import { maskSecrets } from './mask.js';
import { createNaverFlow, type NaverFlow, type NaverResult } from './naver-panel.js';
import { pageHtml } from './page.js';

export interface PlaygroundOptions {
  /** The SMTP connector as Logto builds it; `storedConfig` replaces what its `getConfig` returns. */
  emailConnector: (storedConfig?: Record<string, unknown>) => Promise<EmailConnector>;
  /** The config the email panel starts with (secrets are masked on the page). */
  emailConfig: Record<string, unknown>;
  /** The embedded SMTP server, whose received messages the page shows. */
  embeddedSmtp?: TestSmtpServer;
  /** The Naver connector as Logto builds it, with `openIdConnect` on or off in its config. */
  naverConnector: (openIdConnect: boolean) => Promise<SocialConnector>;
  /** The SMTP package's delivery check (`checkDelivery`), on a config as typed in the panel. */
  checkDelivery: CheckDelivery;
  /** One line saying what the page talks to. */
  mode: string;
  port?: number;
  /** The host in the page and callback URLs; the server itself listens on 127.0.0.1 only. */
  host?: 'localhost' | '127.0.0.1';
  /** Talking to real Naver: the page then shows the callback URL to register. */
  realNaver?: boolean;
}

const maxBodyBytes = 1024 * 1024;

const readJson = async (request: IncomingMessage): Promise<unknown> => {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > maxBodyBytes) {
      throw new Error('Request body too large');
    }
  }
  try {
    return JSON.parse(body);
  } catch {
    // Not the parser's message: it quotes the body, which holds the config and its password.
    throw new Error('The request body is not valid JSON.');
  }
};

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
};

/**
 * Puts back the secrets the page only saw masked: a `••••` in the edited config means "the value
 * from the config file", so an admin can test real credentials without them reaching the browser.
 */
export const unmask = (edited: unknown, original: unknown): unknown => {
  if (edited === '••••') {
    return original;
  }
  if (Array.isArray(edited)) {
    return edited.map((item, index) => unmask(item, Array.isArray(original) ? original[index] : undefined));
  }
  if (edited && typeof edited === 'object') {
    const base = (original && typeof original === 'object' ? original : {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(edited).map(([key, value]) => [key, unmask(value, base[key])]));
  }
  return edited;
};

/** The page shows secrets masked: the edited config text with the real ones put back. */
const unmaskConfig = (text: string, original: Record<string, unknown>): string => {
  try {
    return JSON.stringify(unmask(JSON.parse(text), original));
  } catch {
    // Invalid JSON: the handler reports it with the box's name.
    return text;
  }
};

/** Starts the playground's HTTP server on 127.0.0.1; resolves with its URL. */
export const startPlaygroundServer = async (options: PlaygroundOptions) => {
  const naverResults = new Map<string, NaverResult>();
  // Created once the port is known: the callback URL Naver redirects to includes it.
  let naver: NaverFlow | undefined;

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (request.method === 'GET' && url.pathname === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(pageHtml);
      } else if (request.method === 'GET' && url.pathname === '/api/info') {
        json(response, 200, {
          mode: options.mode,
          emailConfig: maskSecrets(options.emailConfig),
          naverCallbackUrl: options.realNaver ? naver?.callbackUrl : undefined,
          templateTypes: Object.values(TemplateType),
        });
      } else if (request.method === 'POST' && url.pathname === '/api/email/send') {
        const body = (await readJson(request)) as EmailRequest;
        const config = unmaskConfig(body.config, options.emailConfig);
        const connector = await options.emailConnector();
        json(response, 200, await sendEmail(connector, { ...body, config }, options.embeddedSmtp));
      } else if (request.method === 'GET' && url.pathname === '/gallery') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(galleryPageHtml);
      } else if (request.method === 'GET' && /^\/gallery\/logo(-dark)?\.svg$/.test(url.pathname)) {
        response.writeHead(200, { 'content-type': 'image/svg+xml' });
        response.end(sampleLogoSvg(url.pathname.includes('-dark')));
      } else if (request.method === 'GET' && url.pathname === '/api/gallery') {
        if (!options.embeddedSmtp) {
          // 45 messages are not for a real mailbox.
          json(response, 200, {
            ok: false,
            error: {
              code: 'no_embedded_smtp',
              description: 'The gallery needs the embedded SMTP server: start without SMTP_CONFIG_FILE.',
            },
          });
          return;
        }
        const logoBase = url.searchParams.get('logo') === '0' ? undefined : `http://${request.headers.host}`;
        const entries = await collectGallery(
          // As a user gets them: sent with the stored config (no templates), not as the Console's
          // send test, whose message also carries the delivery check's report.
          await options.emailConnector({ ...options.emailConfig, templates: [] }),
          options.embeddedSmtp,
          logoBase,
        );
        json(response, 200, { ok: true, entries });
      } else if (request.method === 'POST' && url.pathname === '/api/email/check') {
        const body = (await readJson(request)) as Pick<EmailRequest, 'config'>;
        json(
          response,
          200,
          await checkEmailDelivery(options.checkDelivery, unmaskConfig(body.config, options.emailConfig)),
        );
      } else if (request.method === 'GET' && url.pathname === '/naver/start') {
        response.writeHead(302, { location: await naver!.start(url.searchParams.get('mode') === 'oidc') });
        response.end();
      } else if (request.method === 'GET' && url.pathname === '/callback/naver') {
        const id = randomBytes(9).toString('base64url');
        naverResults.set(id, await naver!.callback(url.searchParams));
        response.writeHead(302, { location: `/?naver=${id}#naver-title` });
        response.end();
      } else if (request.method === 'GET' && url.pathname.startsWith('/api/naver/result/')) {
        const result = naverResults.get(decodeURIComponent(url.pathname.slice('/api/naver/result/'.length)));
        json(
          response,
          result ? 200 : 404,
          result ?? {
            ok: false,
            openIdConnect: false,
            error: { code: 'not_found', description: 'No such sign-in result.' },
          },
        );
      } else {
        json(response, 404, {
          ok: false,
          error: { code: 'not_found', description: `No route for ${request.method} ${url.pathname}` },
        });
      }
    } catch (error) {
      json(response, 400, {
        ok: false,
        error: { code: 'bad_request', description: (error as Error).message },
      });
    }
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  naver = createNaverFlow(options.naverConnector, `${url}/callback/naver`);
  return {
    url,
    port,
    naverCallbackUrl: naver.callbackUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
