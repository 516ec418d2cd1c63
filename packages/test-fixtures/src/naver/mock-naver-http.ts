import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/* The mock Naver's HTTP plumbing: bodies, answers, random values shaped like Naver's, the consent page. */

/** Larger request bodies are refused. */
const maxBodyBytes = 64 * 1024;

export const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) {
      throw new Error('request body too large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};

export const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (character) =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character] ?? character,
  );

export const sendJson = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
  response.end(JSON.stringify(body));
};

export const sendHtml = (response: ServerResponse, status: number, html: string) => {
  response.writeHead(status, { 'content-type': 'text/html;charset=utf-8' });
  response.end(html);
};

export const redirect = (response: ServerResponse, location: string) => {
  response.writeHead(302, { location });
  response.end();
};

/** Alphanumeric, like Naver's codes and refresh tokens. */
export const randomAlphanumeric = (length: number) =>
  randomBytes(length * 2)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, length);

/**
 * Base64 with `+ / =`, like Naver's access tokens
 * (https://developers.naver.com/docs/login/devguide/devguide.md §4.1.1).
 */
export const randomAccessToken = () => `AAAA${randomBytes(45).toString('base64')}`;

export const consentPage = (input: {
  action: string;
  transaction: string;
  clientId: string;
  reprompt: boolean;
}) => `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><title>네이버 로그인 (mock)</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:3rem auto;text-align:center}
h1{color:#03c75a}button{font-size:1rem;padding:.6rem 1.4rem;margin:.3rem;border-radius:.4rem;border:1px solid #ccc}
button[value=agree]{background:#03c75a;color:#fff;border-color:#03c75a}</style></head>
<body>
<h1>NAVER</h1>
<p>Mock Naver: <strong>${escapeHtml(input.clientId)}</strong> asks to use your Naver profile.</p>
${input.reprompt ? '<p>Previously declined items are asked again (auth_type=reprompt).</p>' : ''}
<form method="post" action="${input.action}">
<input type="hidden" name="transaction" value="${escapeHtml(input.transaction)}">
<button type="submit" name="decision" value="cancel" id="cancel">Cancel (취소)</button>
<button type="submit" name="decision" value="agree" id="agree">Agree (동의하기)</button>
</form>
</body>
</html>`;
