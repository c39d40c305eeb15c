/** The part of raw-socket 1.8 this project uses (the package ships no types). */
declare module 'raw-socket' {
  import { EventEmitter } from 'node:events';

  export interface RawSocket extends EventEmitter {
    on(event: 'message', listener: (buffer: Buffer, source: string) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    send(
      buffer: Buffer,
      offset: number,
      length: number,
      address: string,
      callback: (error: Error | null, bytes: number) => void,
    ): this;
    setOption(level: number, option: number, value: Buffer | number, length?: number): void;
    close(): this;
  }

  const raw: {
    createSocket(options: { protocol: number; bufferSize?: number }): RawSocket;
    SocketLevel: { SOL_SOCKET: number; IPPROTO_IP: number };
    SocketOption: Record<string, number>;
  };
  export default raw;
}
