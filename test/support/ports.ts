/** Loopback ports for the live tests: a free one to bind, a wait until a server listens, and throwaway TCP servers with a given behaviour. */
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** A port nothing listens on right now (the kernel's pick for port 0, released). */
export async function freePort(address = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, address, () => {
      const bound = server.address();
      const port = typeof bound === 'object' && bound ? bound.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether something accepts a TCP connection on the port now. */
export function accepts(port: number, address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface TcpTestServer {
  server: Server;
  port: number;
  sockets: Set<Socket>;
}

/** A local TCP server with the given behaviour (silent, garbage, wrong protocol), on a free port. */
export async function tcpServer(onConnection: (socket: Socket) => void): Promise<TcpTestServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, sockets };
}

export async function closeServer(s: TcpTestServer): Promise<void> {
  for (const socket of s.sockets) socket.destroy();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}
