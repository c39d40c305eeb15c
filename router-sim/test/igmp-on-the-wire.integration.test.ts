import { describe, expect, it } from 'vitest';
import { startCapture } from '../../lab/test/capture.js';
import { pollUntil, useLab } from '../../lab/test/lab-fixture.js';
import { showIgmp } from './router-probe.js';

describe("router-sim's IGMP on the wire, decoded by tcpdump", () => {
  const lab = useLab('topologies/one-router.yaml', 'wire');

  it('every query decodes clean: right checksum, no truncation, Router Alert present', async () => {
    const bridge = lab.inspection.networks.find((n) => n.name === 'lan1')?.bridge ?? '';
    const router = lab.node('r1').interfaces.find((i) => i.network === 'lan1')?.address ?? '';
    // Startup queries come every Startup Query Interval; joins and leaves trigger group-specific ones.
    const capture = await startCapture(['-i', bridge, `igmp and src host ${router}`]);
    const member = async () =>
      (await showIgmp(lab, 'r1')).some((v) => v.groups.some((g) => g.group === '239.4.4.4'));
    await lab.agent('h1', 'join', { group: '239.4.4.4' });
    await pollUntil(member, (yes) => yes, { what: "r1 to list h1's join of 239.4.4.4" });
    await lab.agent('h1', 'leave', { group: '239.4.4.4' });
    // The leave makes r1 send group-specific queries until Last Member Query Time is over.
    await pollUntil(member, (yes) => !yes, {
      what: "r1 to drop 239.4.4.4 after h1's leave (Last Member Query Time)",
    });
    const stdout = await capture.stop();
    const packets = stdout.split('\n').filter((l) => l.includes('igmp query'));
    expect(packets.length, stdout).toBeGreaterThanOrEqual(2);
    expect(stdout).not.toMatch(/bad cksum|wrong cksum|\[\|igmp\]|truncated/i);
    expect(stdout).toContain('options (RA)'); // the Router Alert IP option
    expect(stdout).toMatch(/igmp query v3/);
    expect(stdout).toMatch(/ttl 1,/);
  });
});
