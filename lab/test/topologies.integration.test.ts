import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModeSummary } from '../compare/summarize.js';
import { mcastLabJson } from '../testing/cli.js';

/** Each shipped topology runs its workload in the mode it is written for, through `compare`. */
describe.each([
  ['campus', 'sparse'],
  ['ring', 'dense'],
  ['diamond-two-sources', 'sparse'],
])('topologies/%s.yaml in %s mode', (name, mode) => {
  it('delivers the workload to every member, without duplicates, bridges and routers agreeing', async () => {
    const out = await mkdtemp(join(tmpdir(), `mcast-lab-${name}-`));
    const { summaries } = await mcastLabJson<{ summaries: ModeSummary[] }>(
      'compare',
      `topologies/${name}.yaml`,
      '--workload',
      `workloads/${name}.yaml`,
      '--modes',
      mode,
      '--out',
      out,
    );
    const [summary] = summaries;
    expect(summary?.mode).toBe(mode);
    expect(summary?.received).toBeGreaterThan(0);
    // On diamond-two-sources the last-hop router's shortest path to a source crosses the members' own
    // LAN: while it switches over, a packet can come down both trees (sparse mode has no Assert here).
    expect(summary?.duplicates).toBeLessThanOrEqual(
      name === 'diamond-two-sources' ? 0.01 * (summary?.received ?? 0) : 0,
    );
    expect(summary?.joinLatencyMs.missed).toBe(0);
    for (const { network, bridge, routers } of summary?.agreement ?? [])
      expect(bridge, network).toBe(routers);
  });
});
