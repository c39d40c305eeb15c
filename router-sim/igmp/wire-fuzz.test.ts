import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { decodeIgmpPacket } from '../wire/igmp/igmp.js';
import { fuzzInputs } from '../wire/testing/fuzz-input.js';
import { MAX_GROUPS_PER_INTERFACE, MAX_SOURCES_PER_GROUP } from './limits.js';
import { IgmpRouterInterface } from './router-interface.js';
import { recordingPort } from './test-support.js';
import { igmpTimers } from './timers.js';

const PACKETS = 100_000;

describe('packets off the wire into the IGMP state machine', () => {
  it.each([2, 3] as const)(
    `a v%i router survives ${PACKETS} random and mutated packets, state bounded`,
    (version) => {
      const random = seededRandom(0x5eed + version);
      const input = fuzzInputs(random);
      const clock = new VirtualClock();
      const router = new IgmpRouterInterface({
        clock,
        port: recordingPort(clock),
        address: '10.0.0.1',
        version,
        timers: igmpTimers('fast'),
        onMembership: () => {},
      });
      router.start();
      let delivered = 0;
      for (let i = 0; i < PACKETS; i++) {
        const packet = decodeIgmpPacket(input());
        if (!('error' in packet)) {
          delivered++;
          router.receive(packet.message, packet.ip.src);
        }
        if (i % 100 === 0) clock.advance(random.int(500));
      }
      const { groups } = router.snapshot();
      expect(delivered).toBeGreaterThan(PACKETS / 10);
      expect(groups.length).toBeLessThanOrEqual(MAX_GROUPS_PER_INTERFACE);
      for (const group of groups) expect(group.sources.length).toBeLessThanOrEqual(MAX_SOURCES_PER_GROUP);
      router.stop();
      expect(clock.scheduled).toBe(0);
    },
  );
});
