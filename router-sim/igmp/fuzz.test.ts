import { describe, expect, it } from 'vitest';
import { type Random, seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { GROUP_RECORD_TYPES, type GroupRecord, type IgmpMessage } from '../wire/igmp/message.js';
import { MAX_GROUPS_PER_INTERFACE, MAX_SOURCES_PER_GROUP } from './limits.js';
import { IgmpRouterInterface } from './router-interface.js';
import { igmpTimers } from './timers.js';

const MESSAGES = 100_000;

/** Random but structurally valid messages: a few busy groups, a huge space of others, odd values too. */
function generator(random: Random) {
  const pick = <T>(items: readonly T[]): T => items[random.int(items.length)] as T;
  const octet = () => random.int(256);
  const odd = () => pick(['0.0.0.0', '224.0.0.1', '224.0.0.22', '255.255.255.255', '240.1.2.3', '127.0.0.1']);

  const group = () => {
    const roll = random.next();
    if (roll < 0.5) return `239.0.0.${random.int(64)}`;
    if (roll < 0.97) return `${224 + random.int(16)}.${octet()}.${octet()}.${octet()}`;
    return odd();
  };
  const source = () => {
    const roll = random.next();
    if (roll < 0.8) return `192.0.${random.int(3)}.${octet()}`;
    if (roll < 0.95) return `${1 + random.int(223)}.${octet()}.${octet()}.${octet()}`;
    return odd();
  };
  const sources = () => Array.from({ length: random.next() < 0.9 ? random.int(5) : random.int(400) }, source);
  const sender = () => (random.next() < 0.95 ? `10.0.0.${random.int(256)}` : odd());
  const record = (): GroupRecord => ({ type: pick(GROUP_RECORD_TYPES), group: group(), sources: sources() });

  const message = (): IgmpMessage => {
    switch (random.int(6)) {
      case 0: {
        const version = pick([1, 2, 3] as const);
        const specific = version !== 1 && random.next() < 0.5;
        const base = {
          type: 'query',
          group: specific ? group() : '0.0.0.0',
          maxRespTimeMs: random.int(26_000),
        } as const;
        if (version !== 3) return { ...base, version };
        return {
          ...base,
          version,
          sFlag: random.next() < 0.3,
          qrv: random.int(8),
          qqicSeconds: random.next() < 0.9 ? random.int(30) : random.int(31_745),
          sources: specific ? sources() : [],
        };
      }
      case 1:
        return { type: 'v1-report', group: group() };
      case 2:
        return { type: 'v2-report', group: group() };
      case 3:
        return { type: 'v2-leave', group: group() };
      default:
        return { type: 'v3-report', records: Array.from({ length: 1 + random.int(4) }, record) };
    }
  };
  return { message, sender };
}

describe.each([3, 2] as const)('an IGMPv%i interface under random input', (version) => {
  it(`takes ${MESSAGES} messages without throwing, within its bounds`, { timeout: 60_000 }, () => {
    const clock = new VirtualClock();
    const random = seededRandom(version * 7919);
    const { message, sender } = generator(random);
    const members = new Set<string>();
    let repeatedChanges = 0;
    let sent = 0;
    const router = new IgmpRouterInterface({
      clock,
      address: '10.0.0.128',
      version,
      timers: igmpTimers('fast'),
      port: { send: () => sent++ },
      onMembership: (group, hasMembers) => {
        if (members.has(group) === hasMembers) repeatedChanges++;
        if (hasMembers) members.add(group);
        else members.delete(group);
      },
    });
    router.start();

    let mostGroups = 0;
    let mostSources = 0;
    for (let i = 1; i <= MESSAGES; i++) {
      router.receive(message(), sender());
      mostGroups = Math.max(mostGroups, members.size);
      // Mostly a few milliseconds, so that thousands of groups are alive at once; now and then a
      // minute, so that they all expire.
      const roll = random.next();
      if (roll < 0.2) clock.advance(random.int(5));
      else if (roll < 0.2001) clock.advance(random.int(60_000));
      if (i % 2_500 === 0) {
        const { groups } = router.snapshot();
        // The groups reported as having members are exactly the groups kept.
        expect(groups.length).toBe(members.size);
        expect(groups.every((g) => members.has(g.group))).toBe(true);
        // One wake-up per group, plus the querier's timer.
        expect(clock.scheduled).toBeLessThanOrEqual(groups.length + 1);
        for (const g of groups) mostSources = Math.max(mostSources, g.sources.length);
      }
    }
    expect(repeatedChanges).toBe(0);
    // The run reached both bounds and never went past them, and the router kept talking.
    expect(mostGroups).toBe(MAX_GROUPS_PER_INTERFACE);
    expect(mostSources).toBe(MAX_SOURCES_PER_GROUP);
    expect(sent).toBeGreaterThan(0);

    router.stop();
    expect(clock.scheduled).toBe(0);
    expect(members.size).toBe(0);
  });
});
