import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { useLab } from '../../lab/test/lab-fixture.js';

describe("router-sim's IGMP on the wire, decoded by tcpdump", () => {
  const lab = useLab('topologies/one-router.yaml', 'wire');

  it('every query decodes clean: right checksum, no truncation, Router Alert present', async () => {
    const bridge = lab.inspection.networks.find((n) => n.name === 'lan1')?.bridge ?? '';
    const router = lab.node('r1').interfaces.find((i) => i.network === 'lan1')?.address ?? '';
    // Startup queries come every Startup Query Interval; joins and leaves trigger group-specific ones.
    const capture = execa(
      'tcpdump',
      ['-i', bridge, '-nn', '-v', '-c', '5', '-l', `igmp and src host ${router}`],
      {
        reject: false,
        timeout: 15_000,
      },
    );
    await new Promise((r) => setTimeout(r, 500));
    await lab.agent('h1', 'join', { group: '239.4.4.4' });
    await lab.agent('h1', 'leave', { group: '239.4.4.4' });
    const { stdout } = await capture;
    const packets = stdout.split('\n').filter((l) => l.includes('igmp query'));
    expect(packets.length, stdout).toBeGreaterThanOrEqual(3);
    expect(stdout).not.toMatch(/bad cksum|wrong cksum|\[\|igmp\]|truncated/i);
    expect(stdout).toContain('options (RA)'); // the Router Alert IP option
    expect(stdout).toMatch(/igmp query v3/);
    expect(stdout).toMatch(/ttl 1,/);
  });
});
