// What router-sim's PIM dense mode holds once a receiver has joined and a source sends:
// the state is read through the routers' own control verbs, as `mcast-lab router NODE pim-state` shows it.
import type { PimStateView } from 'mcast-lab';
import { useLab } from 'mcast-lab/vitest';
import { expect, it } from 'vitest';

const lab = useLab(new URL('topology.yaml', import.meta.url).pathname);
const GROUP = '239.10.0.1';

it('builds the (S,G) tree from the source to the receiver, and r2 forwards onto lan3', async () => {
  await lab.agent('rcv').join(GROUP);
  await lab.agent('src').send(GROUP, { count: 50, rate: 20 });
  const source = lab.address('src');

  // r2 learned the member from IGMP…
  const igmp = await lab.waitFor(() => lab.router('r2').show('igmp'), {
    until: (interfaces) => interfaces.some((i) => i.groups.some((g) => g.group === GROUP)),
    what: `r2 to see a member of ${GROUP}`,
  });
  expect(igmp.find((i) => i.network === 'lan3')?.groups.map((g) => g.group)).toContain(GROUP);

  // …and both routers hold (src, GROUP): r1 forwards toward core, r2 from core onto lan3.
  const entry = (router: string) =>
    lab.waitFor(
      async () =>
        ((await lab.router(router).show('pim-state')) as PimStateView[]).find(
          (e) => e.source === source && e.group === GROUP && e.oifs.length > 0,
        ),
      { what: `${router} to forward (${source}, ${GROUP})` },
    );
  const r1 = await entry('r1');
  const r2 = await entry('r2');
  expect(r1?.oifs).toEqual([interfaceOn('r1', 'core')]);
  expect(r2?.rpfNeighbor).toBe(lab.address('r1', 'core'));
  expect(r2?.oifs).toEqual([interfaceOn('r2', 'lan3')]);

  // The kernel forwards what the state says: the receiver gets the stream.
  await lab.waitFor(async () => (await lab.agent('rcv').stats()).groups[GROUP]?.received ?? 0, {
    until: (received) => received > 0,
    what: `rcv to receive ${GROUP}`,
  });
});

/** The router's interface name on a network, as PIM state names interfaces. */
function interfaceOn(router: string, network: string): string | undefined {
  return lab.inspection.nodes.find((n) => n.name === router)?.interfaces.find((i) => i.network === network)
    ?.name;
}
