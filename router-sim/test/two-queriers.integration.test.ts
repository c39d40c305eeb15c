import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { containerName } from '../../lab/docker/names.js';
import { pollUntil, useLab } from '../../lab/testing/lab-fixture.js';
import { showIgmp } from '../../lab/testing/router-probe.js';
import { igmpTimers } from '../igmp/timers.js';

const fast = igmpTimers('fast');
const onLan1 = async (lab: ReturnType<typeof useLab>, router: string) =>
  (await showIgmp(lab, router)).find((v) => v.network === 'lan1');

describe('querier election between two routers on one LAN (topologies/two-queriers.yaml)', () => {
  const lab = useLab('topologies/two-queriers.yaml', 'queriers');

  it('elects exactly one querier: the lowest address', async () => {
    const r1Address = lab.node('r1').interfaces.find((i) => i.network === 'lan1')?.address;
    // Both start as querier (RFC 3376 §6.6.2); r2 yields on hearing r1's query.
    const r2 = await pollUntil(
      () => onLan1(lab, 'r2'),
      (v) => v?.querier === false,
      { what: 'r2 to yield the querier role on lan1 to r1 (the lower address)', timeoutMs: 10_000 },
    );
    const r1 = await onLan1(lab, 'r1');
    expect(r1?.querier).toBe(true);
    expect(r2?.querier).toBe(false);
    expect(r2?.querierAddress).toBe(r1Address);
  });

  it('the other router takes over within the Other Querier Present Interval after the querier stops', async () => {
    const stopped = performance.now();
    await execa('docker', ['kill', containerName(lab.name, 'r1')]);
    const r2 = await pollUntil(
      () => onLan1(lab, 'r2'),
      (v) => v?.querier === true,
      {
        what: "r2 to take over as lan1's querier once r1 is gone",
        timeoutMs: fast.otherQuerierPresentInterval + 5_000,
      },
    );
    const tookOverMs = performance.now() - stopped;
    console.info(
      `querier takeover after ${tookOverMs.toFixed(0)} ms (OQPI ${fast.otherQuerierPresentInterval} ms)`,
    );
    expect(r2?.querier).toBe(true);
    expect(tookOverMs).toBeLessThanOrEqual(fast.otherQuerierPresentInterval + 500);
  });
});
