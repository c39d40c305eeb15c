import { bundleOverhead, encodeBundle } from '../wire/bundle.js';

/** The most one UDP datagram carries without IP fragmentation on Ethernet (1500 − IP − UDP headers). */
export const MAX_DATAGRAM = 1472;

/**
 * Coalesces the datagrams sent to one destination during one turn of the event loop into as few as fit
 * the MTU: a burst of small messages (ORDERs, proposals, acks, 64-byte data) costs one system call and
 * one wake-up per receiver instead of one each. A datagram alone is sent as it is; one too large to
 * share goes alone, after what was waiting (order is kept).
 */
export class Bundler {
  private frames: Buffer[] = [];
  private size = 0;
  private scheduled = false;

  constructor(private readonly send: (bytes: Buffer) => void) {}

  add(frame: Buffer): void {
    if (this.size + frame.length + bundleOverhead(this.frames.length + 1) > MAX_DATAGRAM) this.flush();
    this.frames.push(frame);
    this.size += frame.length;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Sends what is waiting now (before the socket closes, say). */
  flush(): void {
    const { frames } = this;
    if (frames.length === 0) return;
    this.frames = [];
    this.size = 0;
    this.send(frames.length === 1 ? (frames[0] as Buffer) : encodeBundle(frames));
  }
}
