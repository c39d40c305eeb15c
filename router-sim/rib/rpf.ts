/**
 * The unicast route towards an address, as RPF checks see it (RFC 3973 §4.1, RFC 7761 §4.5): where
 * packets from there must arrive, and what an Assert compares.
 */
export interface Rpf {
  vif: number;
  /** The next hop toward the address; undefined when it is on the RPF interface's subnet. */
  neighbor: string | undefined;
  /** Assert metrics: connected routes 0, static routes 1 (the admin distance), then the route metric. */
  metricPreference: number;
  metric: number;
}
