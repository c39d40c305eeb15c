import type { LocatedError } from './yaml/locate.js';

/** The request cannot be carried out as given (bad input, unknown name, conflict): the CLI exits 2. */
export class LabInputError extends Error {
  override name = 'LabInputError';
}

/** Bad input files (topologies, workloads): each error is printed as `file:line:col: message`. */
export class InputInvalid extends Error {
  override name = 'InputInvalid';
  constructor(readonly errors: LocatedError[]) {
    super(`${errors.length} error(s) in the input`);
  }
}
