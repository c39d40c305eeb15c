import type { Random } from './random.js';
import type { VirtualClock } from './virtual-clock.js';

/** Per-LAN impairments: probabilities in [0, 1]; each delivery is delayed `delayMs` plus up to `jitterMs`. */
export interface Impairments {
  loss?: number;
  duplicate?: number;
  /** Probability that a delivery takes extra jitter, so it may overtake or be overtaken. */
  reorder?: number;
  delayMs?: number;
  jitterMs?: number;
}

export interface LanPort<F> {
  /** Delivers `frame` to every other port on the LAN (multi-access: everyone hears everything). */
  send(frame: F): void;
  detach(): void;
}

/**
 * A simulated multi-access LAN on virtual time. Frames are whatever the attached protocol speaks; each
 * delivery is lost, duplicated or reordered independently, drawn from the seeded random source.
 */
export class SimLan<F> {
  private readonly ports = new Map<string, (frame: F, from: string) => void>();
  delivered = 0;
  dropped = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly random: Random,
    private impairments: Impairments = {},
  ) {}

  impair(impairments: Impairments): void {
    this.impairments = impairments;
  }

  attach(id: string, receive: (frame: F, from: string) => void): LanPort<F> {
    if (this.ports.has(id)) throw new Error(`port ${id} is already attached`);
    this.ports.set(id, receive);
    return {
      send: (frame) => {
        for (const [other, deliver] of this.ports) if (other !== id) this.deliver(frame, id, other, deliver);
      },
      detach: () => this.ports.delete(id),
    };
  }

  private deliver(frame: F, from: string, to: string, receive: (frame: F, from: string) => void): void {
    const { loss = 0, duplicate = 0, reorder = 0, delayMs = 1, jitterMs = 5 } = this.impairments;
    if (this.random.next() < loss) {
      this.dropped++;
      return;
    }
    const copies = this.random.next() < duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const extra = this.random.next() < reorder ? this.random.next() * jitterMs : 0;
      this.clock.setTimer(delayMs + extra, () => {
        // A port detached meanwhile (a crashed node) hears nothing more.
        if (this.ports.get(to) !== receive) return;
        this.delivered++;
        receive(frame, from);
      });
    }
  }
}
