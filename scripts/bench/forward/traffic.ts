/** What the bench sends where: the lab's topology, the groups of its traffic and their TTL. */

export const TOPOLOGY = 'topologies/one-router.yaml';
/** Routed traffic h1 → h3; same-LAN traffic h1 → h2 has a group of its own, so nobody else gets it. */
export const GROUP = '239.5.5.5';
export const LAN_GROUP = '239.5.5.6';
/** The agent's default TTL, given explicitly: the hand-written rule matches it exactly. */
export const TTL = 16;
