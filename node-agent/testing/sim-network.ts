import type { Impairments } from '../../common/sim/lan.js';
import { type LanPort, SimLan } from '../../common/sim/lan.js';
import type { Random } from '../../common/sim/random.js';
import type { VirtualClock } from '../../common/sim/virtual-clock.js';
import type { GroupPort } from '../group-types/group-port.js';
import type { MemberId } from '../wire/messages.js';

/**
 * A simulated network for group members: one multi-access LAN carries the group address (every member
 * hears a multicast), and one two-port LAN per pair of members carries unicasts. All of them lose,
 * duplicate and reorder with the same impairments, on the same virtual clock and random source.
 */
export class SimGroupNetwork {
  private readonly lan: SimLan<Buffer>;
  private readonly links = new Map<string, SimLan<Buffer>>();
  private readonly multicastPorts = new Map<MemberId, LanPort<Buffer>>();
  private readonly unicastPorts = new Map<string, LanPort<Buffer>>();

  constructor(
    private readonly clock: VirtualClock,
    private readonly random: Random,
    private readonly impairments: Impairments,
    private readonly ids: readonly MemberId[],
    /** Sees every datagram sent (`to` is '*' for a multicast): lets tests count traffic. */
    private readonly tap: (from: MemberId, to: MemberId | '*', bytes: Buffer) => void = () => {},
  ) {
    this.lan = new SimLan(clock, random, impairments);
  }

  /** Connects member `id`: returns its port; `receive` hears its datagrams with the hop they came from. */
  attach(id: MemberId, receive: (bytes: Buffer, from: MemberId) => void): GroupPort {
    this.multicastPorts.set(id, this.lan.attach(id, receive));
    for (const other of this.ids) {
      if (other === id) continue;
      this.unicastPorts.set(`${id}>${other}`, this.link(id, other).attach(id, receive));
    }
    return {
      multicast: (bytes) => {
        this.tap(id, '*', bytes);
        this.multicastPorts.get(id)?.send(bytes);
      },
      unicast: (to, bytes) => {
        this.tap(id, to, bytes);
        this.unicastPorts.get(`${id}>${to}`)?.send(bytes);
      },
    };
  }

  /** Impairments from now on (e.g. a loss-free tail so a run can settle). */
  impair(impairments: Impairments): void {
    this.lan.impair(impairments);
    for (const link of this.links.values()) link.impair(impairments);
  }

  private link(a: MemberId, b: MemberId): SimLan<Buffer> {
    const key = a < b ? `${a} ${b}` : `${b} ${a}`;
    let link = this.links.get(key);
    if (!link) {
      link = new SimLan(this.clock, this.random, this.impairments);
      this.links.set(key, link);
    }
    return link;
  }
}
