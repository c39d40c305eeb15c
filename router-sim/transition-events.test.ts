import { describe, expect, it } from 'vitest';
import { EventLog, type ProtocolEvent } from '../common/protocol-events.js';
import { SimLan } from '../common/sim/lan.js';
import { seededRandom } from '../common/sim/random.js';
import { VirtualClock } from '../common/sim/virtual-clock.js';
import { observation } from '../common/state-machine.js';
import { type IgmpFrame, lanRouter } from './igmp/test-support.js';
import { igmpTimers } from './igmp/timers.js';
import { pimTimers } from './pim/common/timers.js';
import { DenseModeRouter } from './pim/dense/dense-router.js';
import { sparseNetwork } from './pim/sparse/testing/sparse-network.js';
import { SimNetwork } from './pim/testing/sim-network.js';

const changes = (log: EventLog, machine: string) =>
  log
    .since(0)
    .events.filter((e) => e.machine === machine)
    .map((e: ProtocolEvent) => `${e.key}: ${e.from} --${e.event}--> ${e.to}`);

describe('transitions reported by the protocol machines, by the RFCs’ names', () => {
  it('an IGMP querier elected, then silenced by a lower address, then back when it goes', () => {
    const clock = new VirtualClock();
    const lan = new SimLan<IgmpFrame>(clock, seededRandom(1));
    const fast = igmpTimers('fast');
    const log = new EventLog('r2');
    lanRouter(lan, clock, '10.0.0.2', fast, 3, observation(log, 'igmp-querier', 'vif 0'));
    clock.advance(1_000);
    const lower = lanRouter(lan, clock, '10.0.0.1', fast);
    clock.advance(10_000);
    lower.crash();
    clock.advance(fast.otherQuerierPresentInterval);
    expect(changes(log, 'igmp-querier')).toEqual([
      'vif 0: Initial --start up--> Querier',
      'vif 0: Querier --query from a lower address--> Non-Querier',
      'vif 0: Non-Querier --other querier present timer expired--> Querier',
    ]);
  });

  /** lan0 (S) — r1 — lan1 — r2 — lan2 — r3, no members anywhere: r2's transitions and neighbors. */
  async function densePrune(named: boolean): Promise<EventLog> {
    const timers = pimTimers('fast');
    const logs = new Map<string, EventLog>();
    const net = new SimNetwork((boot) => {
      const sink = new EventLog(boot.name);
      logs.set(boot.name, sink);
      const interfaces = named
        ? boot.interfaces.map((i) => ({ ...i, name: `eth${i.vif + 1}` }))
        : boot.interfaces;
      return new DenseModeRouter({ ...boot, interfaces, timers, sink });
    }, 1);
    for (const n of [0, 1, 2]) net.addLan(`lan${n}`, n);
    net.addRouter('r1', 1, ['lan0', 'lan1']);
    net.addRouter('r2', 2, ['lan1', 'lan2']);
    net.addRouter('r3', 3, ['lan2']);
    net.start();
    await net.run(2_000);
    net.stream('lan0', '10.0.0.100', '239.1.1.1', 100, 3_000);
    await net.run(3_000);
    return logs.get('r2') as EventLog;
  }
  const neighborEvents = (log: EventLog) =>
    log
      .since(0)
      .events.filter((e) => e.machine === 'pim-neighbor')
      .map((e) => `${e.key} ${e.event}`);
  const sg = '(10.0.0.100,239.1.1.1)';

  it('a PIM dense prune: downstream NoInfo → PrunePending → Pruned, then upstream Forwarding → Pruned', async () => {
    const r2 = await densePrune(false);
    expect(changes(r2, 'pim-dense-downstream')).toEqual([
      `${sg} vif 1: NoInfo --Receive Prune(S,G)--> PrunePending`,
      `${sg} vif 1: PrunePending --PPT(S,G,I) expires--> Pruned`,
    ]);
    expect(changes(r2, 'pim-dense-upstream')).toEqual([`${sg}: Forwarding --olist(S,G) -> NULL--> Pruned`]);
    expect(neighborEvents(r2)).toEqual(['vif 0 10.0.1.1 neighbor up', 'vif 1 10.0.2.3 neighbor up']);
  });

  it('names interfaces by name where the router knows them', async () => {
    const r2 = await densePrune(true);
    expect(changes(r2, 'pim-dense-downstream')[0]).toBe(
      `${sg} eth2: NoInfo --Receive Prune(S,G)--> PrunePending`,
    );
    expect(neighborEvents(r2)).toEqual(['eth1 10.0.1.1 neighbor up', 'eth2 10.0.2.3 neighbor up']);
  });

  it('a PIM sparse join: the last-hop DR joins towards the RP, whose downstream (*,G) state goes to Join', async () => {
    const logs = new Map<string, EventLog>();
    const sink = (name: string) => {
      const log = new EventLog(name);
      logs.set(name, log);
      return log;
    };
    // lan0 — r1 (RP) — lan1 — r2 — lan2 (a member).
    const net = sparseNetwork({ rp: '10.0.1.1', sink });
    for (const n of [0, 1, 2]) net.addLan(`lan${n}`, n);
    net.addRouter('r1', 1, ['lan0', 'lan1']);
    net.addRouter('r2', 2, ['lan1', 'lan2']);
    net.start();
    await net.run(2_000);
    net.setMember('lan2', '239.1.1.1', true);
    await net.run(1_000);
    expect(changes(logs.get('r2') as EventLog, 'pim-sparse-upstream')).toEqual([
      '(*,239.1.1.1): NotJoined --JoinDesired(X) -> TRUE--> Joined',
    ]);
    expect(changes(logs.get('r1') as EventLog, 'pim-sparse-downstream')).toEqual([
      '(*,239.1.1.1) vif 1: NoInfo --Receive Join(X)--> Join',
    ]);
  });
});
