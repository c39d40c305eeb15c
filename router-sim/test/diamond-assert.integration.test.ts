import { describe, expect, it } from 'vitest';
import type { PimStateView } from '../../common/router-views.js';
import type { GroupStats } from '../../lab/testing/lab-fixture.js';
import { pollUntil, useLab } from '../../lab/testing/lab-fixture.js';
import { groupListed, pimNeighborsUp } from '../../lab/testing/router-probe.js';
import { parseIpv4Address } from '../wire/ipv4/address.js';

const GROUP = '239.9.9.9';
/** Datagrams of the stream (100/s) watched for duplicates once the assert is settled. */
const BURST = 100;

describe('PIM assert on a shared downstream LAN (topologies/diamond.yaml)', () => {
  const lab = useLab('topologies/diamond.yaml', 'diamond');
  const downOf = (router: string) => lab.node(router).interfaces.find((i) => i.network === 'down');
  const assertOnDown = async (router: string) =>
    (await lab.agent<PimStateView[]>(router, 'show', { view: 'pim-state' }))
      .find((e) => e.group === GROUP)
      ?.downstream.find((d) => d.interface === downOf(router)?.name);
  const stats = async () => (await lab.agent<GroupStats>('h2', 'stats')).groups[GROUP];

  it('elects one forwarder onto the shared LAN: the higher address, metrics being equal', async () => {
    await pimNeighborsUp(lab);
    await lab.agent('h2', 'join', { group: GROUP });
    for (const router of ['r1', 'r2']) {
      await groupListed(lab, router, 'down', GROUP);
    }
    // A steady stream for the whole file (it ends when the lab is destroyed): both routers forward it
    // onto `down` until the duplicates make them assert.
    const before = await stats();
    void lab
      .agent('h1', 'send', { group: GROUP, count: 100_000, size: 100, rate: 100 }, 3_600_000)
      .catch(() => {});
    const address = (router: string) => parseIpv4Address(downOf(router)?.address ?? '') ?? 0;
    const winner = address('r1') > address('r2') ? 'r1' : 'r2';
    const loser = winner === 'r1' ? 'r2' : 'r1';
    const won = await pollUntil(
      () => assertOnDown(winner),
      (d) => d?.assertState === 'Winner',
      { what: `${winner} (the higher address on down) to win the Assert there` },
    );
    const lost = await assertOnDown(loser);
    expect(won?.assertState).toBe('Winner');
    expect(lost?.assertState).toBe('Loser');
    expect(lost?.assertWinner).toBe(downOf(winner)?.address);
    const first = await stats();
    console.info(
      `assert: ${(first?.duplicates ?? 0) - (before?.duplicates ?? 0)} duplicates before the assert settled`,
    );
  });

  it('delivers the stream exactly once once the assert is settled: no more duplicates', async () => {
    const before = await stats();
    const after = await pollUntil(stats, (s) => (s?.received ?? 0) >= (before?.received ?? 0) + BURST, {
      what: `h2 to receive ${BURST} more datagrams of ${GROUP}`,
    });
    expect((after?.received ?? 0) - (before?.received ?? 0)).toBeGreaterThanOrEqual(BURST);
    expect(after?.duplicates).toBe(before?.duplicates);
  });
});
