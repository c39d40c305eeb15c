import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../common/sim/random.js';
import { VirtualClock } from '../../common/sim/virtual-clock.js';
import { NackScheduler } from './nack-scheduler.js';

const timing = { nackMinMs: 5, nackMaxMs: 25, nackRetryMs: 100 };

function setup(gaps: () => boolean = () => true, upTo = () => 10) {
  const clock = new VirtualClock();
  const sent: number[] = [];
  const nacks = new NackScheduler(clock, seededRandom(1), timing, () => {
    if (!gaps()) return undefined;
    sent.push(clock.now());
    return upTo();
  });
  return { clock, sent, nacks };
}

describe('NackScheduler', () => {
  it('NACKs a gap after a random backoff within the bounds, once however often the gap is seen', () => {
    const { clock, sent, nacks } = setup();
    nacks.gap('data:h1', 10);
    nacks.gap('data:h1', 10);
    clock.advance(timing.nackMaxMs);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeGreaterThanOrEqual(timing.nackMinMs);
  });

  it('repeats an unanswered NACK with growing intervals', () => {
    const { clock, sent, nacks } = setup();
    nacks.gap('s', 10);
    clock.advance(1000);
    const gaps = sent.slice(1).map((t, i) => t - (sent[i] ?? 0));
    expect(gaps.length).toBeGreaterThanOrEqual(3);
    expect(gaps[1]).toBeGreaterThan(gaps[0] ?? 0);
  });

  it('holds its NACK back when it overhears another member’s NACK (suppression), counted once', () => {
    const { clock, sent, nacks } = setup();
    nacks.gap('s', 10);
    clock.advance(timing.nackMinMs - 1);
    expect(nacks.overheard('s')).toBe(true);
    expect(nacks.overheard('s')).toBe(false);
    clock.advance(timing.nackRetryMs);
    expect(sent).toEqual([]); // the repair of the other NACK should come first
    expect(nacks.overheard('other')).toBe(false);
  });

  it('NACKs a new gap beyond what it asked for after a backoff, not at the next (later) repeat', () => {
    let newest = 10;
    const { clock, sent, nacks } = setup(
      () => true,
      () => newest,
    );
    nacks.gap('s', 10);
    clock.advance(timing.nackMaxMs);
    expect(sent).toHaveLength(1);
    nacks.gap('s', 10); // the same gap: the repeat waits its interval
    clock.advance(timing.nackMaxMs);
    expect(sent).toHaveLength(1);
    newest = 20;
    nacks.gap('s', 20); // a new one
    clock.advance(timing.nackMaxMs);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing when the gap is filled first', () => {
    let open = true;
    const { clock, sent, nacks } = setup(() => open);
    nacks.gap('s', 10);
    nacks.filled('s');
    nacks.gap('t', 10);
    open = false;
    clock.advance(1000);
    expect(sent).toEqual([]);
    expect(nacks.scheduled).toBe(0);
  });
});
