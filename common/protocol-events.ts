import * as z from 'zod';
import type { VerbHandler } from './control/server.js';
import { verb } from './control/verb.js';

/**
 * What a daemon's protocols did, as a stream the live view and the CLI read: an interface gaining or
 * losing a group's members, a forwarding entry programmed, a PIM message sent or heard, a group joined
 * or left. Each event is numbered, so a reader asks for what came after the last one it saw.
 */
export interface ProtocolEvent {
  seq: number;
  /** Wall-clock milliseconds, comparable across the lab's nodes. */
  wall: number;
  node: string;
  /** What it is about: `igmp`, `mroute`, `pim`, `group`. */
  machine: string;
  /** Which instance: an interface and group, an (S,G), a group address. */
  key?: string;
  from?: string;
  event: string;
  to?: string;
}

export type EventInput = Omit<ProtocolEvent, 'seq' | 'wall' | 'node'>;

/** Where protocol parts report events; a daemon's is its EventLog, the simulator and tests need none. */
export interface EventSink {
  record(event: EventInput): void;
}

/** The last `capacity` events of a node, in order. */
export class EventLog implements EventSink {
  private readonly events: ProtocolEvent[] = [];
  private seq = 0;

  constructor(
    private readonly node: string,
    private readonly capacity = 2_000,
  ) {}

  record(event: EventInput): void {
    this.events.push({ seq: ++this.seq, wall: Date.now(), node: this.node, ...event });
    if (this.events.length > this.capacity) this.events.shift();
  }

  /** The events numbered after `seq` still kept, and the latest number. */
  since(seq: number): { events: ProtocolEvent[]; latest: number } {
    return { events: this.events.filter((e) => e.seq > seq), latest: this.seq };
  }
}

/** The `events [--since N]` verb: what the node recorded after event N (0: all it still keeps). */
export function eventsVerb(log: EventLog): VerbHandler {
  return verb(['since'], z.object({ since: z.coerce.number().int().min(0).default(0) }), ({ since }) =>
    log.since(since),
  );
}
