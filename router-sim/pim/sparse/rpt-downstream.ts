import type { TransitionTable } from '../../../common/state-machine.js';
import {
  type DownstreamAction,
  type DownstreamContext,
  DownstreamMachine,
  type DownstreamTimerEvent,
} from './downstream.js';

/**
 * The (S,G,rpt) downstream state machine of one interface (RFC 7761 §4.5.4). PruneTmp and
 * Prune-Pending-Tmp last only while one message is read: a Join(*,G) puts a pruned interface there,
 * a Prune(S,G,rpt) later in the same message takes it back, and the End of Message without one
 * leaves it in NoInfo. There is no PruneEcho(S,G,rpt).
 */
export type RptDownstreamState = 'NoInfo' | 'Prune' | 'Prune-Pending' | 'PruneTmp' | 'Prune-Pending-Tmp';

export type RptDownstreamEvent =
  | 'Receive Join(*,G)'
  | 'Receive Join(S,G,rpt)'
  | 'Receive Prune(S,G,rpt)'
  | 'End of Message'
  | DownstreamTimerEvent;

export const RPT_DOWNSTREAM_TRANSITIONS: TransitionTable<
  RptDownstreamState,
  RptDownstreamEvent,
  DownstreamAction
> = {
  NoInfo: {
    'Receive Prune(S,G,rpt)': {
      actions: ['start Prune-Pending Timer', 'start Expiry Timer'],
      next: 'Prune-Pending',
    },
  },
  Prune: {
    'Receive Join(*,G)': { actions: [], next: 'PruneTmp' },
    'Receive Join(S,G,rpt)': { actions: ['cancel Expiry Timer'], next: 'NoInfo' },
    'Receive Prune(S,G,rpt)': { actions: ["raise Expiry Timer to the message's HoldTime"], next: 'Prune' },
    'Expiry Timer expires': { actions: [], next: 'NoInfo' },
  },
  'Prune-Pending': {
    'Receive Join(*,G)': { actions: [], next: 'Prune-Pending-Tmp' },
    'Receive Join(S,G,rpt)': {
      actions: ['cancel Prune-Pending Timer', 'cancel Expiry Timer'],
      next: 'NoInfo',
    },
    'Prune-Pending Timer expires': { actions: [], next: 'Prune' },
    'Expiry Timer expires': { actions: ['cancel Prune-Pending Timer'], next: 'NoInfo' },
  },
  PruneTmp: {
    'Receive Prune(S,G,rpt)': { actions: ['start Expiry Timer'], next: 'Prune' },
    'End of Message': { actions: ['cancel Expiry Timer'], next: 'NoInfo' },
  },
  'Prune-Pending-Tmp': {
    'Receive Prune(S,G,rpt)': { actions: ['start Expiry Timer'], next: 'Prune-Pending' },
    'End of Message': { actions: ['cancel Prune-Pending Timer', 'cancel Expiry Timer'], next: 'NoInfo' },
  },
};

export type RptDownstreamMachine = DownstreamMachine<RptDownstreamState, RptDownstreamEvent>;

/** The table has no PruneEcho(S,G,rpt): `sendPruneEcho` is never called. */
export function rptDownstream(context: DownstreamContext): RptDownstreamMachine {
  return new DownstreamMachine(RPT_DOWNSTREAM_TRANSITIONS, 'NoInfo', context);
}

/** In prunes(S,G,rpt) (§4.1.6): Prune or PruneTmp. */
export function isPruned(state: RptDownstreamState): boolean {
  return state === 'Prune' || state === 'PruneTmp';
}
