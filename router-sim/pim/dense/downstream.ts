import type { Clock } from '../../../common/clock.js';
import { type Observation, StateMachine, type TransitionTable } from '../../../common/state-machine.js';
import { Countdown } from '../common/countdown.js';

/** The Prune(S,G) Downstream state machine of one interface (RFC 3973 §4.4.2). */
export type DownstreamState = 'NoInfo' | 'PrunePending' | 'Pruned';

export type DownstreamEvent =
  | 'Receive Prune(S,G)'
  | 'Receive Join(S,G)'
  | 'Receive Graft(S,G)'
  | 'PPT(S,G,I) expires'
  | 'PT(S,G,I) expires'
  | 'RPF_Interface(S) becomes I'
  | 'Send State Refresh(S,G) out I';

export type DownstreamAction =
  | 'set PPT(S,G,I)'
  | 'cancel PPT(S,G,I)'
  | 'set PT(S,G,I)'
  | "raise PT(S,G,I) to the Prune's Holdtime"
  | "reset PT(S,G,I) to the Prune's Holdtime"
  | 'cancel PT(S,G,I)'
  | 'send PruneEcho(S,G)'
  | 'send Graft Ack(S,G)';

/**
 * §4.4.2's table. Messages count only when their Upstream Neighbor field names this router. The
 * machine stays in NoInfo on the RPF interface, where a Graft is still answered.
 */
export const DOWNSTREAM_TRANSITIONS: TransitionTable<DownstreamState, DownstreamEvent, DownstreamAction> = {
  NoInfo: {
    'Receive Prune(S,G)': { actions: ['set PPT(S,G,I)'], next: 'PrunePending' },
    'Receive Graft(S,G)': { actions: ['send Graft Ack(S,G)'], next: 'NoInfo' },
  },
  PrunePending: {
    'Receive Join(S,G)': { actions: ['cancel PPT(S,G,I)'], next: 'NoInfo' },
    'Receive Graft(S,G)': { actions: ['send Graft Ack(S,G)', 'cancel PPT(S,G,I)'], next: 'NoInfo' },
    'PPT(S,G,I) expires': { actions: ['set PT(S,G,I)', 'send PruneEcho(S,G)'], next: 'Pruned' },
    'RPF_Interface(S) becomes I': { actions: ['cancel PPT(S,G,I)'], next: 'NoInfo' },
  },
  Pruned: {
    'Receive Prune(S,G)': { actions: ["raise PT(S,G,I) to the Prune's Holdtime"], next: 'Pruned' },
    'Receive Join(S,G)': { actions: ['cancel PT(S,G,I)'], next: 'NoInfo' },
    'Receive Graft(S,G)': { actions: ['send Graft Ack(S,G)', 'cancel PT(S,G,I)'], next: 'NoInfo' },
    'PT(S,G,I) expires': { actions: [], next: 'NoInfo' },
    'RPF_Interface(S) becomes I': { actions: ['cancel PT(S,G,I)'], next: 'NoInfo' },
    'Send State Refresh(S,G) out I': { actions: ["reset PT(S,G,I) to the Prune's Holdtime"], next: 'Pruned' },
  },
};

export interface DownstreamContext {
  /** Who hears the machine's transitions, if anyone. */
  observed?: Observation;
  clock: Clock;
  /** PPT(S,G,I): J/P_Override_Interval(I), or 0 when the pruning router is the only neighbor on I. */
  prunePendingTime(): number;
  /** A Prune naming this router, so that downstream routers that missed the Prune can override. */
  sendPruneEcho(holdtimeMs: number): void;
  sendGraftAck(grafter: string): void;
  /** After every transition: the state decides whether I is in olist(S,G). */
  changed(): void;
}

export interface DownstreamTimers {
  PPT?: number;
  PT?: number;
}

export class DownstreamMachine {
  private readonly machine: StateMachine<DownstreamState, DownstreamEvent, DownstreamAction>;
  /** Prune-Pending Timer. */
  private readonly ppt: Countdown;
  /** Prune Timer. */
  private readonly pt: Countdown;
  /** The last Prune heard: its Holdtime, and when. */
  private prune = { holdtime: 0, heardAt: 0 };
  private grafter = '';

  constructor(private readonly context: DownstreamContext) {
    this.machine = new StateMachine(
      DOWNSTREAM_TRANSITIONS,
      'NoInfo',
      (action) => this.perform(action),
      context.observed,
    );
    this.ppt = new Countdown(context.clock, () => this.handle('PPT(S,G,I) expires'));
    this.pt = new Countdown(context.clock, () => this.handle('PT(S,G,I) expires'));
  }

  get state(): DownstreamState {
    return this.machine.state;
  }

  handle(event: DownstreamEvent): void {
    if (this.machine.handle(event)) this.context.changed();
  }

  receivePrune(holdtimeMs: number): void {
    this.prune = { holdtime: holdtimeMs, heardAt: this.context.clock.now() };
    this.handle('Receive Prune(S,G)');
  }

  receiveGraft(grafter: string): void {
    this.grafter = grafter;
    this.handle('Receive Graft(S,G)');
  }

  cancelTimers(): void {
    this.ppt.cancel();
    this.pt.cancel();
  }

  timers(): DownstreamTimers {
    const PPT = this.ppt.remaining();
    const PT = this.pt.remaining();
    return { ...(PPT !== undefined && { PPT }), ...(PT !== undefined && { PT }) };
  }

  private perform(action: DownstreamAction): void {
    const { context, prune } = this;
    switch (action) {
      case 'set PPT(S,G,I)':
        this.ppt.set(context.prunePendingTime());
        return;
      case 'cancel PPT(S,G,I)':
        this.ppt.cancel();
        return;
      case 'set PT(S,G,I)':
        // The Prune's Holdtime less the time it was pending (§4.4.2).
        this.pt.set(prune.holdtime - (context.clock.now() - prune.heardAt));
        return;
      case "raise PT(S,G,I) to the Prune's Holdtime":
        if ((this.pt.remaining() ?? 0) < prune.holdtime) this.pt.set(prune.holdtime);
        return;
      case "reset PT(S,G,I) to the Prune's Holdtime":
        this.pt.set(prune.holdtime);
        return;
      case 'cancel PT(S,G,I)':
        this.pt.cancel();
        return;
      case 'send PruneEcho(S,G)':
        context.sendPruneEcho(prune.holdtime);
        return;
      case 'send Graft Ack(S,G)':
        context.sendGraftAck(this.grafter);
        return;
    }
  }
}
