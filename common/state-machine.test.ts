import { describe, expect, it } from 'vitest';
import type { EventInput } from './protocol-events.js';
import { observation, StateMachine, type TransitionTable } from './state-machine.js';

type State = 'Off' | 'On';
type Event = 'press' | 'tick';
const TABLE: TransitionTable<State, Event, 'light' | 'dark'> = {
  Off: { press: { actions: ['light'], next: 'On' } },
  On: { press: { actions: ['dark'], next: 'Off' }, tick: { actions: [], next: 'On' } },
};

function run(sink?: { record(event: EventInput): void }) {
  const actions: string[] = [];
  const machine = new StateMachine(
    TABLE,
    'Off',
    (a) => actions.push(a),
    observation(sink, 'switch', 'lamp 1'),
  );
  return { machine, actions };
}

describe('the transition runner', () => {
  it('reports each change of state to its observer, before the actions, by the table’s names', () => {
    const seen: { event: EventInput; actionsDone: number }[] = [];
    const { machine, actions } = run({
      record: (event) => seen.push({ event, actionsDone: actions.length }),
    });
    machine.handle('press');
    expect(seen).toEqual([
      { event: { machine: 'switch', key: 'lamp 1', from: 'Off', event: 'press', to: 'On' }, actionsDone: 0 },
    ]);
    expect(actions).toEqual(['light']);
  });

  it('leaves out cells that keep the state and events with no cell', () => {
    const seen: EventInput[] = [];
    const { machine } = run({ record: (e) => seen.push(e) });
    expect(machine.handle('tick')).toBe(false);
    machine.handle('press');
    expect(machine.handle('tick')).toBe(true);
    machine.handle('press');
    expect(seen.map((e) => `${e.from} ${e.event} ${e.to}`)).toEqual(['Off press On', 'On press Off']);
  });

  it('records nothing and builds no observation without an observer', () => {
    expect(observation(undefined, 'switch', 'lamp 1')).toBeUndefined();
    const { machine, actions } = run();
    machine.handle('press');
    machine.handle('press');
    expect(machine.state).toBe('Off');
    expect(actions).toEqual(['light', 'dark']);
  });
});
