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

/** Runs a table: an event enters the cell's next state, then takes its actions one by one. */
export class StateMachine<State extends string, Event extends string, Action extends string> {
  private current: State;

  constructor(
    private readonly table: TransitionTable<State, Event, Action>,
    initial: State,
    private readonly perform: (action: Action) => void,
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
    this.current = transition.next;
    for (const action of transition.actions) this.perform(action);
    return true;
  }
}
