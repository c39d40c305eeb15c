/** The set notation of RFC 7761 §4.1.6 ((+), (-)), on VIF numbers. */

export function union(...sets: Iterable<number>[]): Set<number> {
  const result = new Set<number>();
  for (const set of sets) for (const vif of set) result.add(vif);
  return result;
}

export function minus(set: Iterable<number>, removed: Iterable<number>): Set<number> {
  const result = new Set(set);
  for (const vif of removed) result.delete(vif);
  return result;
}

/** By VIF number, as interface lists are shown and programmed. */
export function sorted(set: Iterable<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

/** The interfaces whose machine passes `test`: joins(X), prunes(S,G,rpt). */
export function vifsWhere<M>(machines: ReadonlyMap<number, M>, test: (machine: M) => boolean): Set<number> {
  const vifs = new Set<number>();
  for (const [vif, machine] of machines) if (test(machine)) vifs.add(vif);
  return vifs;
}
