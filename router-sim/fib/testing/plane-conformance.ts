import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MrouteCounters, MrouteEntry, Upcall, VifCounters } from '../forwarding-plane.js';

/**
 * One conformance suite for every ForwardingPlane: the Linux kernel's (in a router's namespace) and
 * the simulator's must behave alike, or simulated runs would teach something the lab does not do.
 * The harness has three VIFs (0, 1, 2) added, WRONGVIF upcalls enabled, and a source on VIF 0.
 */
export interface PlaneHarness {
  setRoute(entry: MrouteEntry): Promise<void>;
  deleteRoute(source: string, group: string): Promise<void>;
  routes(): Promise<MrouteCounters[]>;
  vifs(): Promise<VifCounters[]>;
  /** Every upcall the plane raised so far. */
  upcalls: Upcall[];
  source: string;
  /** Sends `count` datagrams from the source to `group` and resolves once the plane has seen them. */
  inject(group: string, count: number): Promise<void>;
  /** Why this plane cannot run on this machine, if it cannot: its tests then say so and skip. */
  unavailable?: string;
}

export function describePlaneConformance(name: string, harness: () => PlaneHarness): void {
  describe(`forwarding plane conformance: ${name}`, () => {
    const group = '239.77.0.1';
    let h: PlaneHarness;
    const out = async (vif: number) => (await h.vifs()).find((v) => v.index === vif)?.packetsOut ?? 0;
    const nocaches = () => h.upcalls.filter((u) => u.kind === 'nocache' && u.group === group);
    const forwarded = async (send: number) => {
      const before = [await out(1), await out(2)];
      await h.inject(group, send);
      return [(await out(1)) - (before[0] ?? 0), (await out(2)) - (before[1] ?? 0)];
    };

    beforeAll(() => {
      h = harness();
    });
    beforeEach((ctx) => {
      if (h.unavailable) ctx.skip(h.unavailable);
    });

    it('raises one NOCACHE upcall for the packets of an unknown (S,G), naming its VIF', async () => {
      await h.inject(group, 3);
      expect(nocaches()).toEqual([{ kind: 'nocache', vif: 0, source: h.source, group }]);
    });

    it('forwards an entry’s packets out of its oifs only, and counts them', async () => {
      await h.setRoute({ source: h.source, group, iif: 0, oifs: [1] });
      expect(await forwarded(5)).toEqual([5, 0]);
      const entry = (await h.routes()).find((r) => r.group === group);
      expect(entry).toMatchObject({ source: h.source, iif: 0, oifs: [1] });
      expect(entry?.packets).toBeGreaterThanOrEqual(5);
      expect(entry?.bytes).toBeGreaterThan(0);
    });

    it('replaces the oifs of an entry set again', async () => {
      await h.setRoute({ source: h.source, group, iif: 0, oifs: [2] });
      expect(await forwarded(5)).toEqual([0, 5]);
    });

    it('forwards nothing for an entry without oifs, and raises no upcall for it', async () => {
      await h.setRoute({ source: h.source, group, iif: 0, oifs: [] });
      expect(await forwarded(5)).toEqual([0, 0]);
      expect(nocaches()).toHaveLength(1);
    });

    it('counts packets off the iif as wrong, forwards none of them, and raises WRONGVIF naming their VIF', async () => {
      // Arriving on an oif: another forwarder on that link, the case PIM asserts are for.
      await h.setRoute({ source: h.source, group, iif: 1, oifs: [0, 2] });
      const before = (await h.routes()).find((r) => r.group === group)?.wrongIf ?? 0;
      expect(await forwarded(3)).toEqual([0, 0]);
      expect((await h.routes()).find((r) => r.group === group)?.wrongIf).toBe(before + 3);
      expect(h.upcalls.filter((u) => u.kind === 'wrongvif' && u.group === group)[0]).toEqual({
        kind: 'wrongvif',
        vif: 0,
        source: h.source,
        group,
      });
    });

    it('forgets a deleted entry: its next packet raises NOCACHE again', async () => {
      await h.deleteRoute(h.source, group);
      expect((await h.routes()).some((r) => r.group === group)).toBe(false);
      await h.inject(group, 1);
      expect(nocaches()).toHaveLength(2);
    });
  });
}
