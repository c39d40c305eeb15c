import type { Socket } from 'node:dgram';

/** Binds a UDP socket, as a promise. */
export function bound(socket: Socket, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}
