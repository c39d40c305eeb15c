import { describe, expect, it } from 'vitest';
import type { Upcall } from './forwarding-plane.js';
import { readSimPacket, SimPlane, simPacket } from './sim-plane.js';
import { describePlaneConformance } from './testing/plane-conformance.js';

describePlaneConformance('simulated plane', () => {
  const plane = new SimPlane(() => {});
  const upcalls: Upcall[] = [];
  plane.onUpcall((upcall) => upcalls.push(upcall));
  plane.enableWrongVifUpcalls();
  for (const index of [0, 1, 2])
    plane.addVif({ index, name: `eth${index}`, ifindex: 10 + index, address: `10.0.${index}.1` });
  const source = '10.0.0.7';
  return {
    setRoute: async (entry) => plane.setRoute(entry),
    deleteRoute: async (s, g) => plane.deleteRoute(s, g),
    routes: () => plane.routes(),
    vifs: () => plane.vifs(),
    upcalls,
    source,
    inject: async (group, count) => {
      for (let i = 0; i < count; i++) plane.receive(0, source, group, 100);
    },
  };
});

describe('simulated plane: the register VIF', () => {
  const S = '10.0.0.7';
  const G = '239.1.1.1';

  function plane() {
    const transmitted: number[] = [];
    const p = new SimPlane((vif) => transmitted.push(vif));
    const upcalls: Upcall[] = [];
    p.onUpcall((upcall) => upcalls.push(upcall));
    p.enableWrongVifUpcalls();
    for (const index of [0, 1])
      p.addVif({ index, name: `eth${index}`, ifindex: 10 + index, address: `10.0.${index}.1` });
    p.addVif({ index: 2, name: 'pimreg', ifindex: 0, address: '0.0.0.0', register: true });
    return { p, upcalls, transmitted };
  }

  it('hands what an entry forwards to it up as WHOLEPKT with the whole packet, and transmits the rest', async () => {
    const { p, upcalls, transmitted } = plane();
    p.setRoute({ source: S, group: G, iif: 0, oifs: [1, 2] });
    p.receive(0, S, G, 42);
    expect(transmitted).toEqual([1]);
    expect(upcalls).toEqual([{ kind: 'wholepkt', vif: 2, source: S, group: G, packet: simPacket(S, G, 42) }]);
    expect(readSimPacket(simPacket(S, G, 42))).toEqual({ source: S, group: G, bytes: 42 });
    expect((await p.vifs()).find((v) => v.index === 2)).toMatchObject({ packetsOut: 1, bytesOut: 42 });
  });

  it('makes the packet inside a Register arrive on it, and ignores a Null-Register', async () => {
    const { p, upcalls, transmitted } = plane();
    p.decapsulate({ type: 'register', border: false, nullRegister: false, packet: simPacket(S, G, 7) });
    expect(upcalls).toEqual([{ kind: 'nocache', vif: 2, source: S, group: G }]);
    p.setRoute({ source: S, group: G, iif: 2, oifs: [0, 1] });
    expect(transmitted).toEqual([0, 1]);
    p.decapsulate({ type: 'register', border: false, nullRegister: true, packet: simPacket(S, G, 8) });
    expect(transmitted).toEqual([0, 1]);
    expect((await p.routes())[0]).toMatchObject({ iif: 2, packets: 1, bytes: 7 });
  });

  it('drops decapsulated packets off the iif with a WRONGVIF naming the register VIF', () => {
    const { p, upcalls, transmitted } = plane();
    p.setRoute({ source: S, group: G, iif: 0, oifs: [1] });
    p.decapsulate({ type: 'register', border: false, nullRegister: false, packet: simPacket(S, G, 7) });
    expect(transmitted).toEqual([]);
    expect(upcalls).toEqual([{ kind: 'wrongvif', vif: 2, source: S, group: G }]);
  });

  it('decapsulates nothing without a register VIF', () => {
    const p = new SimPlane(() => {});
    const upcalls: Upcall[] = [];
    p.onUpcall((upcall) => upcalls.push(upcall));
    p.addVif({ index: 0, name: 'eth0', ifindex: 10, address: '10.0.0.1' });
    p.decapsulate({ type: 'register', border: false, nullRegister: false, packet: simPacket(S, G, 7) });
    expect(upcalls).toEqual([]);
  });
});
