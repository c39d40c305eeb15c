import { describe, expect, it } from 'vitest';
import { startCapture } from '../../lab/testing/capture.js';
import { useLab } from '../../lab/testing/lab-fixture.js';
import { groupListed } from '../../lab/testing/router-probe.js';

describe("router-sim's IGMP on the wire, decoded by tcpdump", () => {
  const lab = useLab('topologies/one-router.yaml', 'wire');

  it('every query decodes clean: right checksum, no truncation, Router Alert present', async () => {
    const bridge = lab.inspection.networks.find((n) => n.name === 'lan1')?.bridge ?? '';
    const router = lab.node('r1').interfaces.find((i) => i.network === 'lan1')?.address ?? '';
    // Startup queries come every Startup Query Interval; joins and leaves trigger group-specific ones.
    const capture = await startCapture(['-i', bridge, `igmp and src host ${router}`]);
    await lab.agent('h1', 'join', { group: '239.4.4.4' });
    await groupListed(lab, 'r1', 'lan1', '239.4.4.4');
    await lab.agent('h1', 'leave', { group: '239.4.4.4' });
    // The leave makes r1 send group-specific queries until Last Member Query Time is over.
    await groupListed(lab, 'r1', 'lan1', '239.4.4.4', { listed: false });
    const stdout = await capture.stop();
    const packets = stdout.split('\n').filter((l) => l.includes('igmp query'));
    expect(packets.length, stdout).toBeGreaterThanOrEqual(2);
    expect(stdout).not.toMatch(/bad cksum|wrong cksum|\[\|igmp\]|truncated/i);
    expect(stdout).toContain('options (RA)'); // the Router Alert IP option
    expect(stdout).toMatch(/igmp query v3/);
    expect(stdout).toMatch(/ttl 1,/);
  });
});
