import raw, { type RawSocket } from 'raw-socket';

/**
 * Opens a raw IPv4 socket whose handlers cannot take it down: raw-socket turns an exception thrown by a
 * 'message' listener into an 'error' event and then closes the socket, which would leave the router
 * deaf. Errors are reported instead, and the socket carries on.
 */
export function openRawSocket(
  protocol: number,
  onError: (error: Error) => void,
  onMessage?: (packet: Buffer) => void,
): RawSocket {
  const socket = raw.createSocket({ protocol, bufferSize: 65_536 });
  socket.on('error', onError);
  if (onMessage) {
    socket.on('message', (packet) => {
      try {
        onMessage(packet);
      } catch (error) {
        onError(error as Error);
      }
    });
  }
  return socket;
}
