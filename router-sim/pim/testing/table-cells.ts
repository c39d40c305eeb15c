/** Every cell of a transition table, as `state × event`: what a test suite of the machine should cover. */
export function tableCells(table: object): string[] {
  return Object.entries(table).flatMap(([state, events]) =>
    Object.keys(events as object).map((event) => `${state} × ${event}`),
  );
}
