import { describe, expect, it } from 'vitest';
import type { InterfaceView, MrouteView } from '../../common/router-views.js';
import type { LinkCounter } from '../../lab/docker/link-accounting.js';
import { startCapture } from '../../lab/testing/capture.js';
import { mcastLabJson } from '../../lab/testing/cli.js';
import { pollUntil, received, useLab } from '../../lab/testing/lab-fixture.js';
import { pimNeighborsUp, showMroute } from '../../lab/testing/router-probe.js';
import { parseIpv4Address } from '../wire/ipv4/address.js';

const SILENT = '239.20.0.2'; // h5's group: nobody ever joins it
const GROUP = '239.20.0.1'; // h1's group: h3 joins it
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each router's data packets out of each of its networks (kernel VIF counters). */
type LinkLoad = Map<string, number>;

describe('PIM sparse mode around a rendezvous point (topologies/sparse-tree.yaml)', () => {
  const lab = useLab('topologies/sparse-tree.yaml', 'sparse');
  const iface = (router: string, network: string) =>
    lab.node(router).interfaces.find((i) => i.network === network)?.name ?? '';
  const entry = async (router: string, group: string, source: string) =>
    (await showMroute(lab, router)).find((r: MrouteView) => r.group === group && r.source === source);
  const address = (host: string) => lab.node(host).interfaces[0]?.address ?? '';

  const linkLoad = async (): Promise<LinkLoad> => {
    const load: LinkLoad = new Map();
    for (const router of ['r1', 'r2', 'r3', 'r4', 'r5']) {
      for (const view of await lab.agent<InterfaceView[]>(router, 'show', { view: 'interfaces' }))
        load.set(`${router}→${view.network}`, view.packetsOut);
    }
    return load;
  };
  const grown = (before: LinkLoad, after: LinkLoad, keys: string[]) =>
    keys.filter((key) => (after.get(key) ?? 0) > (before.get(key) ?? 0));
  /** Links on which no host ever asks for anything: nothing may be forwarded onto them. */
  const MEMBERLESS = ['r2→lan2', 'r2→link24', 'r4→lan4', 'r2→link25', 'r5→lan5', 'r5→link25'];

  let capture: Awaited<ReturnType<typeof startCapture>>;
  let atStart: LinkLoad;

  it('elects DRs and sees every PIM neighbor', async () => {
    const views = await pimNeighborsUp(lab);
    const routers = lab.inspection.nodes.filter((n) => n.kind === 'router');
    for (const [router, count] of [
      ['r1', 2],
      ['r2', 4],
      ['r3', 2],
      ['r4', 1],
      ['r5', 1],
    ] as const)
      expect(views.get(router)?.flatMap((v) => v.neighbors.map((n) => n.address)) ?? [], router).toHaveLength(
        count,
      );
    // Equal DR priorities everywhere: each network's DR is its highest-addressed router, alone or not.
    for (const router of routers) {
      for (const { network } of router.interfaces) {
        const addresses = routers.flatMap((r) => r.interfaces.filter((i) => i.network === network));
        const highest = addresses.reduce((a, b) =>
          (parseIpv4Address(b.address) ?? 0) > (parseIpv4Address(a.address) ?? 0) ? b : a,
        );
        const view = views.get(router.name)?.find((v) => v.network === network);
        expect(view?.dr, `DR on ${network} as ${router.name} sees it`).toBe(highest.address);
      }
    }
    capture = await startCapture(['-i', 'any', 'pim']);
    atStart = await linkLoad();
  });

  it('registers a source that has no receivers, then suppresses it', async () => {
    await lab.agent('h5', 'send', { group: SILENT, count: 60, size: 100, rate: 20 }, 60_000);
    // r5 registered, the RP answered with a Register-Stop: r5's entry no longer goes to the register VIF.
    const row = await pollUntil(
      () => entry('r5', SILENT, address('h5')),
      (r) => r !== undefined && !r.oifs.includes('pimreg'),
      { what: `r5's (h5, ${SILENT}) entry to stop registering (no pimreg oif) after the RP's Register-Stop` },
    );
    expect(row?.oifs).toEqual([]);
    expect(grown(atStart, await linkLoad(), MEMBERLESS)).toEqual([]);
  });

  it('delivers through the RP first, then switches to the shortest path', async () => {
    // h1 streams before anyone listens; the RP learns the source from its Registers.
    void lab
      .agent('h1', 'send', { group: GROUP, count: 100_000, size: 100, rate: 20 }, 3_600_000)
      .catch(() => {});
    await sleep(1_000);
    const joined = performance.now();
    await lab.agent('h3', 'join', { group: GROUP });
    await pollUntil(
      () => received(lab, 'h3', GROUP),
      (n) => n > 0,
      { what: `h3's first packet of ${GROUP} via the RP`, timeoutMs: 10_000, intervalMs: 5 },
    );
    const viaRpMs = performance.now() - joined;
    const onRpTree = await entry('r3', GROUP, address('h1'));
    expect(onRpTree?.iif).toBe(iface('r3', 'link23'));
    // After 50 packets on the RP tree (spt_threshold) r3 joins toward h1 through link13.
    const onSpt = await pollUntil(
      () => entry('r3', GROUP, address('h1')),
      (r) => r?.iif === iface('r3', 'link13'),
      {
        what: `r3's (h1, ${GROUP}) entry to come in on link13 (${iface('r3', 'link13')}): the switch to the shortest path`,
        timeoutMs: 15_000,
        intervalMs: 20,
      },
    );
    const sptMs = performance.now() - joined;
    expect(onSpt?.oifs).toEqual([iface('r3', 'lan3')]);
    console.info(
      `sparse: h3 join → first packet via the RP ${viaRpMs.toFixed(0)} ms, on the shortest path ${sptMs.toFixed(0)} ms (spt_threshold 50 at 20 pps)`,
    );
    // (S,G,rpt) prune: the RP stops sending h1's stream down link23, then prunes (S,G) off link12.
    await pollUntil(
      async () => {
        const before = await linkLoad();
        await sleep(1_000);
        return grown(before, await linkLoad(), ['r2→link23', 'r1→link12']);
      },
      (still) => still.length === 0,
      {
        what: 'r2→link23 and r1→link12 to carry no more data for a second (the RP tree pruned)',
        timeoutMs: 20_000,
      },
    );
    const before = await received(lab, 'h3', GROUP);
    await sleep(1_000);
    expect(await received(lab, 'h3', GROUP)).toBeGreaterThan(before + 10);
  });

  it('prunes the branch back when the last receiver leaves', async () => {
    await lab.agent('h3', 'leave', { group: GROUP });
    await pollUntil(
      async () => {
        const before = await linkLoad();
        await sleep(1_000);
        return grown(before, await linkLoad(), ['r1→link13', 'r3→lan3', 'r1→link12', 'r2→link23']);
      },
      (still) => still.length === 0,
      {
        what: 'r1→link13, r3→lan3, r1→link12 and r2→link23 to carry no more data for a second (links still growing as last seen)',
        timeoutMs: 20_000,
      },
    );
    // r1 no longer forwards h1's stream toward r3 (its entry may be gone altogether).
    expect((await entry('r1', GROUP, address('h1')))?.oifs ?? []).not.toContain(iface('r1', 'link13'));
  });

  it('never forwarded data onto a link with no receiver behind it', async () => {
    expect(grown(atStart, await linkLoad(), MEMBERLESS)).toEqual([]);
    // The bridges' own counters agree: no multicast data ever crossed those networks at all.
    const { counters } = await mcastLabJson<{ counters: LinkCounter[] }>('traffic', '--lab', lab.name);
    const data = (network: string) =>
      counters.find((c) => c.network === network && c.class === 'data')?.packets;
    for (const network of ['lan2', 'link24', 'lan4', 'link25']) expect(data(network), network).toBe(0);
    for (const network of ['lan1', 'link12', 'link23', 'link13', 'lan3', 'lan5'])
      expect(data(network), network).toBeGreaterThan(0);
  });

  it('put Hello, Join/Prune with (*,G), (S,G) and (S,G,rpt) entries, Register and Register-Stop on the wire, all decoded clean', async () => {
    const stdout = await capture.stop();
    const packets = stdout.split(/\n(?=\d\d:\d\d:\d\d)/).filter((p) => p.includes('PIMv2'));
    const kinds = new Set(packets.map((p) => /PIMv2, length \d+\s+(\w[\w /-]*?),/.exec(p)?.[1]));
    expect(kinds).toEqual(new Set(['Hello', 'Join / Prune', 'Register', 'Register Stop']));
    const joinPrunes = packets.filter((p) => p.includes('Join / Prune')).join('\n');
    for (const flags of ['(SWR)', '(S)', '(SR)']) expect(joinPrunes).toContain(flags);
    for (const packet of packets) {
      expect(packet, packet).toContain('(correct)');
      expect(packet, packet).not.toMatch(/incorrect|bad cksum|\[\|pim/);
    }
  });
});
