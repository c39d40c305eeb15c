/** Which interfaces (VIFs) have local members of each group, as IGMP reports them. */
export class Membership {
  private readonly groups = new Map<string, Set<number>>();

  set(vif: number, group: string, hasMembers: boolean): void {
    const vifs = this.groups.get(group) ?? new Set<number>();
    if (hasMembers) vifs.add(vif);
    else vifs.delete(vif);
    if (vifs.size > 0) this.groups.set(group, vifs);
    else this.groups.delete(group);
  }

  has(vif: number, group: string): boolean {
    return this.groups.get(group)?.has(vif) ?? false;
  }

  /** The VIFs with members of `group`, in order. */
  vifs(group: string): number[] {
    return [...(this.groups.get(group) ?? [])].sort((a, b) => a - b);
  }
}
