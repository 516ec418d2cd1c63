import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The OIDC app's redirect target: a page on a free loopback port that answers "Signed in" to every
 * request. The test reads the authorization code from the browser's URL when it lands here.
 */
export const startCallbackServer = async () => {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
    response.end('<!doctype html><title>E2E app</title><h1>Signed in: back at the app</h1>');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
