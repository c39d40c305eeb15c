import { describe, expect, it } from 'vitest';
import { EventLog } from '../../common/protocol-events.js';
import { recordPimMessage } from '../pim-events.js';
import { RecordedPlane } from './recorded-plane.js';
import { SimPlane, simPacket } from './sim-plane.js';

const S = '10.0.1.5';
const G = '239.1.1.1';
const names = ['eth0', 'eth1', 'eth2'];

describe('protocol events of a router', () => {
  it('record an (S,G) entry when its interfaces change and when it goes, and pass everything on', async () => {
    const events = new EventLog('r1');
    const plane = new RecordedPlane(new SimPlane(() => {}), events, (vif) => names[vif] ?? `vif${vif}`);
    plane.setRoute({ source: S, group: G, iif: 0, oifs: [1, 2] });
    plane.setRoute({ source: S, group: G, iif: 0, oifs: [1, 2] });
    plane.setRoute({ source: S, group: G, iif: 0, oifs: [] });
    expect(await plane.routes()).toMatchObject([{ source: S, group: G, iif: 0, oifs: [] }]);
    plane.deleteRoute(S, G);
    expect(
      events.since(0).events.map(({ machine, key, from, event, to }) => ({ machine, key, from, event, to })),
    ).toEqual([
      { machine: 'mroute', key: `(${S},${G})`, from: undefined, event: 'set', to: 'eth0 → eth1 eth2' },
      { machine: 'mroute', key: `(${S},${G})`, from: 'eth0 → eth1 eth2', event: 'set', to: 'eth0 → (none)' },
      { machine: 'mroute', key: `(${S},${G})`, from: 'eth0 → (none)', event: 'deleted', to: undefined },
    ]);
    expect(plane.kind).toBe('simulated');
  });

  it('record PIM messages by what they say, leaving Hellos out', () => {
    const events = new EventLog('r2');
    const source = { address: S, maskLength: 32, sparse: true, wildcard: false, rpt: false };
    recordPimMessage(events, 'sent', 'eth1 to 224.0.0.13', {
      type: 'join-prune',
      upstreamNeighbor: '10.0.0.1',
      holdtime: 210,
      groups: [
        {
          group: G,
          maskLength: 32,
          joins: [{ ...source, address: '10.0.0.9', wildcard: true, rpt: true }],
          prunes: [{ ...source, rpt: true }],
        },
      ],
    });
    recordPimMessage(events, 'heard', 'routed from 10.0.1.2', {
      type: 'register',
      border: false,
      nullRegister: false,
      packet: simPacket(S, G, 1),
    });
    recordPimMessage(events, 'sent', 'eth0 to 224.0.0.13', {
      type: 'hello',
      options: { holdtime: 105 },
    });
    expect(events.since(0).events.map(({ key, event, to }) => [key, event, to])).toEqual([
      ['eth1 to 224.0.0.13', 'join-prune sent', `join (*,${G}), prune (${S},${G},rpt)`],
      ['routed from 10.0.1.2', 'register heard', `(${S},${G})`],
    ]);
  });
});
