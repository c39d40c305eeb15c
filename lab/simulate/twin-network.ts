import type { Clock } from '../../common/clock.js';
import type { IgmpMessage } from '../../router-sim/wire/igmp/message.js';
import type { PimMessage } from '../../router-sim/wire/pim/message.js';
import type { LinkCounter, TrafficClass } from '../docker/link-accounting.js';

/**
 * One of the lab's networks on virtual time: a multi-access segment where each frame put on it is
 * counted once by class (as the real lab's bridges count at prerouting), then reaches every other
 * port after the link delay, unless an impairment drops it on the way to that port (as the real
 * lab's impairments drop frames the bridge forwards).
 */

export type Frame =
  | { kind: 'igmp'; message: IgmpMessage; source: string; destination: string; bytes: number }
  | { kind: 'pim'; message: PimMessage; source: string; destination: string; bytes: number }
  | { kind: 'data'; source: string; group: string; id: number; bytes: number };

export interface NetworkPort {
  node: string;
  address: string;
  receive(frame: Frame): void;
}

/** Whether a frame from one node to another on this network is dropped (impairments). */
export type DropRule = (from: string, to: string) => boolean;

const PIM_CLASSES: Record<PimMessage['type'], TrafficClass> = {
  hello: 'pim-hello',
  'join-prune': 'pim-join-prune',
  graft: 'pim-graft',
  'graft-ack': 'pim-graft-ack',
  assert: 'pim-assert',
  'state-refresh': 'pim-state-refresh',
  register: 'pim-register',
  'register-stop': 'pim-register-stop',
};

export function trafficClass(frame: Frame): TrafficClass {
  if (frame.kind === 'data') return 'data';
  if (frame.kind === 'igmp') return 'igmp';
  return PIM_CLASSES[frame.message.type];
}

interface Count {
  packets: number;
  bytes: number;
}

const add = (counts: Map<string, Count>, key: string, bytes: number) => {
  const count = counts.get(key);
  if (count) {
    count.packets++;
    count.bytes += bytes;
  } else counts.set(key, { packets: 1, bytes });
};

export class TwinNetwork {
  private readonly ports: NetworkPort[] = [];
  private readonly byClass = new Map<string, Count>();
  private readonly byGroup = new Map<string, Count>();

  constructor(
    readonly name: string,
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly drops: DropRule,
  ) {}

  attach(port: NetworkPort): void {
    this.ports.push(port);
  }

  /** Puts `frame` on the network from `from` (a port's node): everyone else hears it after the delay. */
  send(from: string, frame: Frame): void {
    add(this.byClass, trafficClass(frame), frame.bytes);
    if (frame.kind === 'data') add(this.byGroup, frame.group, frame.bytes);
    this.clock.setTimer(this.delayMs, () => {
      for (const port of this.ports)
        if (port.node !== from && !this.drops(from, port.node)) port.receive(frame);
    });
  }

  /** Delivers `frame` to the port with `address` only (a routed unicast packet's last hop). */
  sendTo(from: string, address: string, frame: Frame, deliver: () => void): void {
    add(this.byClass, trafficClass(frame), frame.bytes);
    const to = this.ports.find((p) => p.address === address);
    this.clock.setTimer(this.delayMs, () => {
      if (to && !this.drops(from, to.node)) deliver();
    });
  }

  /** The data counters that moved, as a whole and per group: what a sample keeps. */
  dataCounters(): LinkCounter[] {
    const data = this.byClass.get('data');
    if (!data) return [];
    return [
      { network: this.name, class: 'data', ...data },
      ...[...this.byGroup].map(([group, count]) => ({
        network: this.name,
        class: 'data' as const,
        group,
        ...count,
      })),
    ];
  }

  /** Cumulative counters, per class and (data) per group, as the real lab's bridges report them. */
  counters(classes: readonly TrafficClass[], groups: readonly string[]): LinkCounter[] {
    const zero = { packets: 0, bytes: 0 };
    return [
      ...classes.map((kind) => ({ network: this.name, class: kind, ...(this.byClass.get(kind) ?? zero) })),
      ...groups.map((group) => ({
        network: this.name,
        class: 'data' as const,
        group,
        ...(this.byGroup.get(group) ?? zero),
      })),
    ];
  }
}
