/**
 * What `listenOnLoopback` needs: a Node server, or a wrapper that forwards `listen` and the
 * server's `error` events (as smtp-server's `SMTPServer` does).
 */
export interface LoopbackListenable {
  listen(port: number, host: string, onListening: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Starts `server` listening on 127.0.0.1 and resolves once it listens. A failure to listen (e.g.
 * `EADDRINUSE` on a fixed port) rejects instead of going unhandled; the `error` listener is removed
 * once listening, so it does not swallow the server's later errors.
 *
 * @param port Default 0: an ephemeral port, read it from the server's address.
 */
export const listenOnLoopback = (server: LoopbackListenable, port = 0): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
