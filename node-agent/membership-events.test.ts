import { describe, expect, it } from 'vitest';
import { EventLog } from '../common/protocol-events.js';
import { viewInstalled, withMembershipEvents } from './membership-events.js';

describe('a host’s membership as protocol events', () => {
  it('records a group joined once the verb succeeded, and nothing for other verbs', async () => {
    const log = new EventLog('h1');
    const verbs = withMembershipEvents(
      { join_group: async () => ({ joined: '239.1.1.1' }), stats: async () => ({}) },
      log,
    );
    await verbs.join_group?.({ _: ['239.1.1.1'] });
    await verbs.stats?.({ _: [] });
    expect(log.since(0).events).toMatchObject([{ machine: 'group', key: '239.1.1.1', event: 'join' }]);
  });

  it('names a view installed by the view it came from, the new view and its members', () => {
    const view = { type: 'view', group: '239.1.1.1', coordinator: 'h1', t: 0 } as const;
    expect(viewInstalled({ ...view, view: 1, members: ['h1'], prev: null })).toEqual({
      machine: 'group-view',
      key: '239.1.1.1',
      from: undefined,
      event: 'joined view',
      to: '1@h1 [h1]',
    });
    const next = viewInstalled({
      ...view,
      view: 2,
      members: ['h1', 'h2'],
      prev: { view: 1, coordinator: 'h1' },
    });
    expect(next).toMatchObject({ from: '1@h1', event: 'view installed', to: '2@h1 [h1 h2]' });
  });
});
