import type { TreeKind } from './messages.js';
import type { UpstreamNeighbor } from './upstream.js';

/**
 * What an (S,G) or (S,G,rpt) entry reads of its group's (*,G) state — RFC 7761's (S,G) macros build on
 * the (*,G) ones (§4.1.6) — and how it asks the group to recompute or send.
 */
export interface StarGState {
  readonly group: string;
  readonly rp: string | undefined;
  readonly iAmRp: boolean;
  readonly rpIif: number | undefined;
  rpfPrime(): UpstreamNeighbor | undefined;
  joins(): Set<number>;
  pimInclude(): Set<number>;
  joinDesired(): boolean;
  update(act?: () => void): void;
  send(to: UpstreamNeighbor | undefined, kind: TreeKind, list: 'joins' | 'prunes', source?: string): void;
  sendPruneEcho(vif: number, kind?: TreeKind, source?: string): void;
}
