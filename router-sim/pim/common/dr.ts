import { compareAddresses } from './address.js';

export interface DrCandidate {
  address: string;
  /** The DR Priority Hello option; absent when the router does not send it. */
  drPriority?: number;
}

/**
 * The Designated Router of a link (RFC 7761 §4.3.2): the highest DR Priority when every router on
 * the link advertises one, the highest address otherwise, and the higher address between equals.
 */
export function electDr(self: DrCandidate, neighbors: readonly DrCandidate[]): string {
  const candidates = [self, ...neighbors];
  const byPriority = candidates.every((c) => c.drPriority !== undefined);
  let dr = self;
  for (const candidate of neighbors) {
    const priority = byPriority ? (candidate.drPriority ?? 0) - (dr.drPriority ?? 0) : 0;
    if (priority > 0 || (priority === 0 && compareAddresses(candidate.address, dr.address) > 0))
      dr = candidate;
  }
  return dr.address;
}
