import type { TopologyError } from './topology/model.js';

/** The request cannot be carried out as given (bad input, unknown name, conflict): the CLI exits 2. */
export class LabInputError extends Error {
  override name = 'LabInputError';
}

/** Bad topology files: each error is printed as `file:line:col: message`. */
export class TopologyInvalid extends Error {
  override name = 'TopologyInvalid';
  constructor(readonly errors: TopologyError[]) {
    super(`${errors.length} error(s) in topology`);
  }
}
