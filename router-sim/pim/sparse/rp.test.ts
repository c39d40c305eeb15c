import { describe, expect, it } from 'vitest';
import { rpFor } from './rp.js';

describe('RP(G) from static mappings (RFC 7761 §4.7.1)', () => {
  const mappings = [
    { address: '10.0.1.1', group: '224.0.0.0', maskLength: 4 },
    { address: '10.0.9.9', group: '239.0.0.0', maskLength: 8 },
    { address: '10.0.2.2', group: '239.1.0.0', maskLength: 16 },
    { address: '10.0.3.3', group: '239.1.0.0', maskLength: 16 },
  ];

  it('takes the longest matching group range', () => {
    expect(rpFor(mappings, '230.1.2.3')).toBe('10.0.1.1');
    expect(rpFor(mappings, '239.2.0.1')).toBe('10.0.9.9');
  });

  it('breaks ties between equally long ranges by the highest RP address', () => {
    expect(rpFor(mappings, '239.1.7.7')).toBe('10.0.3.3');
    expect(rpFor([...mappings].reverse(), '239.1.7.7')).toBe('10.0.3.3');
  });

  it('has no RP for a group out of every range, or for nonsense', () => {
    expect(rpFor(mappings.slice(1), '230.1.2.3')).toBeUndefined();
    expect(rpFor(mappings, 'not a group')).toBeUndefined();
    expect(rpFor([{ address: '10.0.0.1', group: '0.0.0.0', maskLength: 0 }], '239.1.1.1')).toBe('10.0.0.1');
  });
});
