import { type AddressInfo, createServer, type Socket } from 'node:net';

/**
 * Starts a TCP server on 127.0.0.1 and an ephemeral port. Every accepted socket, and any other
 * socket handed to `track` (a proxy's upstream), is cut by `close`: a test wants a prompt stop,
 * not a wait for clients to hang up. Socket errors are expected in fault tests and ignored.
 */
export const startLoopbackServer = async (
  onConnection: (socket: Socket, track: (socket: Socket) => void) => void,
) => {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const server = createServer((socket) => {
    track(socket);
    onConnection(socket, track);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    /** Sockets open right now. */
    get openSockets() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
};
