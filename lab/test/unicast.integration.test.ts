import { describe, expect, it } from 'vitest';
import { useLab } from '../testing/lab-fixture.js';

describe('unicast across routers (topologies/default.yaml)', () => {
  const lab = useLab('topologies/default.yaml', 'unicast');

  it('h1 (lan1) reaches h4 (lan3) through r1 and r2', async () => {
    const ping = await lab.exec('h1', ['ping', '-c', '3', '-i', '0.2', '-W', '2', lab.address('h4')]);
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
    expect(ping.stdout).toContain('3 received');
    // Two routers on the path: the reply's TTL of 64 was decremented twice.
    expect(ping.stdout).toContain('ttl=62');
  });

  it('routers hold shortest-path routes to the subnets they are not on', () => {
    const r1 = lab.node('r1');
    const r2 = lab.node('r2');
    const r2Core = r2.interfaces.find((i) => i.network === 'core')?.address;
    expect(r1.routes).toContainEqual(expect.objectContaining({ destination: '10.10.3.0/24', via: r2Core }));
    const r1Core = r1.interfaces.find((i) => i.network === 'core')?.address;
    for (const subnet of ['10.10.1.0/24', '10.10.2.0/24']) {
      expect(r2.routes).toContainEqual(expect.objectContaining({ destination: subnet, via: r1Core }));
    }
  });
});
