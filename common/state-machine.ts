import type { EventSink } from './protocol-events.js';

/** One cell of a state machine table: the actions taken, in order, and the state entered first. */
export interface Transition<State extends string, Action extends string> {
  actions: readonly Action[];
  next: State;
}

/**
 * State × event → transition. An event with no entry for a state changes nothing: the RFCs' tables
 * leave such cells empty, say "no change" or mark them impossible.
 */
export type TransitionTable<State extends string, Event extends string, Action extends string> = Readonly<
  Record<State, Readonly<Partial<Record<Event, Transition<State, Action>>>>>
>;

/** Who hears a machine's transitions, and the names they go by: the table's and the instance's. */
export interface Observation {
  sink: EventSink;
  /** Which table, e.g. `pim-dense-upstream`. */
  machine: string;
  /** Which instance, e.g. `(10.0.1.2,239.1.1.1) eth2`. */
  key?: string;
}

/** An observation only when there is a sink: unobserved machines allocate nothing for it. */
export function observation(
  sink: EventSink | undefined,
  machine: string,
  key: string,
): Observation | undefined {
  return sink && { sink, machine, key };
}

/** How transitions name an interface: by its name where the router knows it (eth1), else `vif N`. */
export function interfaceKey(vif: number, name: string | undefined): string {
  return name ?? `vif ${vif}`;
}

/**
 * Runs a table: an event enters the cell's next state, then takes its actions one by one. With an
 * observation, each change of state is reported by the table's names before its actions run, so a
 * reader sees the cause ahead of its effects. Cells that keep the state are left out: timers
 * restarting and periodic refreshes come every period for every entry and say nothing new.
 */
export class StateMachine<State extends string, Event extends string, Action extends string> {
  private current: State;

  constructor(
    private readonly table: TransitionTable<State, Event, Action>,
    initial: State,
    private readonly perform: (action: Action) => void,
    private readonly observed?: Observation,
  ) {
    this.current = initial;
  }

  get state(): State {
    return this.current;
  }

  /** True when the table has a cell for the event in the current state. */
  handle(event: Event): boolean {
    const transition = this.table[this.current][event];
    if (!transition) return false;
    const from = this.current;
    this.current = transition.next;
    if (this.observed && from !== transition.next) {
      const { sink, machine, key } = this.observed;
      sink.record({ machine, key, from, event, to: transition.next });
    }
    for (const action of transition.actions) this.perform(action);
    return true;
  }
}
