import { describe, expect, it } from 'vitest';
import { EventLog, eventsVerb } from './protocol-events.js';

describe('a node’s protocol events', () => {
  it('are numbered, read from a cursor, and only the last ones are kept', async () => {
    const log = new EventLog('r1', 3);
    for (const event of ['a', 'b', 'c', 'd']) log.record({ machine: 'igmp', event });
    const all = log.since(0);
    expect(all.latest).toBe(4);
    expect(all.events.map((e) => [e.seq, e.event, e.node])).toEqual([
      [2, 'b', 'r1'],
      [3, 'c', 'r1'],
      [4, 'd', 'r1'],
    ]);
    const read = eventsVerb(log);
    expect(await read({ _: ['3'] })).toMatchObject({ events: [{ seq: 4, event: 'd' }], latest: 4 });
    expect(await read({ since: 4 })).toEqual({ events: [], latest: 4 });
  });
});
