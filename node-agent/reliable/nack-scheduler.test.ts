import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { NackScheduler } from './nack-scheduler.js';

const timing = { nackMinMs: 5, nackMaxMs: 25, nackRetryMs: 100 };

function setup(gaps: () => boolean = () => true) {
  const clock = new VirtualClock();
  const sent: number[] = [];
  const nacks = new NackScheduler(clock, seededRandom(1), timing, () => {
    if (!gaps()) return false;
    sent.push(clock.now());
    return true;
  });
  return { clock, sent, nacks };
}

describe('NackScheduler', () => {
  it('NACKs a gap after a random backoff within the bounds, once however often the gap is seen', () => {
    const { clock, sent, nacks } = setup();
    nacks.gap('data:h1');
    nacks.gap('data:h1');
    clock.advance(timing.nackMaxMs);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeGreaterThanOrEqual(timing.nackMinMs);
  });

  it('repeats an unanswered NACK with growing intervals', () => {
    const { clock, sent, nacks } = setup();
    nacks.gap('s');
    clock.advance(1000);
    const gaps = sent.slice(1).map((t, i) => t - (sent[i] ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
  });

  it('holds its NACK back when it overhears another member’s NACK (suppression), counted once', () => {
    const { clock, sent, nacks } = setup();
    nacks.gap('s');
    clock.advance(timing.nackMinMs - 1);
    expect(nacks.overheard('s')).toBe(true);
    expect(nacks.overheard('s')).toBe(false);
    clock.advance(timing.nackRetryMs);
    expect(sent).toEqual([]); // the repair of the other NACK should come first
    expect(nacks.overheard('other')).toBe(false);
  });

  it('sends nothing when the gap is filled first', () => {
    let open = true;
    const { clock, sent, nacks } = setup(() => open);
    nacks.gap('s');
    nacks.filled('s');
    nacks.gap('t');
    open = false;
    clock.advance(1000);
    expect(sent).toEqual([]);
    expect(nacks.scheduled).toBe(0);
  });
});
