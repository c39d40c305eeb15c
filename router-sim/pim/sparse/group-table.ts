import type { SparseContext } from './context.js';
import { GroupState } from './group-state.js';
import { type RpMapping, rpFor } from './rp.js';
import type { SourceState } from './source-state.js';

/**
 * A router's groups: each group's (*,G) entry and (S,G) entries, made on first use with RP(G) from
 * the static mappings, and forgotten once nothing is left in them.
 */
export class GroupTable {
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly context: SparseContext,
    private readonly rps: readonly RpMapping[],
  ) {}

  /** G's state, made if there is none. */
  made(group: string): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      state = new GroupState(this.context, group, this.rp(group), (g) => this.settled(g));
      this.groups.set(group, state);
    }
    return state;
  }

  /** RP(G), by the static mappings. */
  rp(group: string): string | undefined {
    return rpFor(this.rps, group);
  }

  get(group: string): GroupState | undefined {
    return this.groups.get(group);
  }

  source(group: string, source: string): SourceState | undefined {
    return this.groups.get(group)?.source(source);
  }

  values(): IterableIterator<GroupState> {
    return this.groups.values();
  }

  /** Removes every group, with the forwarding entries its sources programmed. */
  clear(): void {
    for (const group of this.groups.values()) group.delete();
    this.groups.clear();
  }

  /** After an update: sources and groups with nothing left are forgotten. */
  private settled(group: GroupState): void {
    for (const [address, source] of group.sources)
      if (source.idle) {
        source.delete();
        group.sources.delete(address);
      }
    if (group.idle && this.groups.get(group.group) === group) {
      group.delete();
      this.groups.delete(group.group);
    }
  }
}
