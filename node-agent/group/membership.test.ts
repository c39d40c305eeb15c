import { describe, expect, it } from 'vitest';
import { DeliveredTracker } from './delivered.js';
import { SoftStateMembership } from './membership.js';

describe('SoftStateMembership', () => {
  it('lists members in id order, itself included while joined', () => {
    const m = new SoftStateMembership('h2', 1000);
    expect(m.heard('h3', 0)).toBe(true);
    expect(m.heard('h3', 10)).toBe(false);
    m.heard('h1', 0);
    expect(m.members()).toEqual(['h1', 'h3']);
    m.joinSelf();
    expect(m.members()).toEqual(['h1', 'h2', 'h3']);
    expect(m.has('h2')).toBe(true);
  });

  it('drops a member that leaves, and one not heard from for the timeout', () => {
    const m = new SoftStateMembership('h1', 1000);
    m.heard('h2', 0);
    m.heard('h3', 500);
    expect(m.left('h4')).toBe(false);
    expect(m.expire(1200)).toEqual(['h2']);
    expect(m.left('h3')).toBe(true);
    expect(m.members()).toEqual([]);
  });
});

describe('DeliveredTracker', () => {
  it('knows when everything below a cut is delivered, in or out of sequence', () => {
    const t = new DeliveredTracker();
    t.add('h1', 1);
    expect(t.reached([{ member: 'h1', value: 2 }])).toBe(false);
    t.add('h1', 0);
    expect(t.reached([{ member: 'h1', value: 2 }])).toBe(true);
    t.start('h2', 5); // received from 5 on: nothing below is coming
    expect(t.reached([{ member: 'h2', value: 5 }])).toBe(true);
    expect(t.reached([{ member: 'h3', value: 1 }])).toBe(false);
  });
});
