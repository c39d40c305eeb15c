import type { LocatedError } from './yaml/locate.js';

/** The request cannot be carried out as given (bad input, unknown name, conflict): the CLI exits 2. */
export class LabInputError extends Error {
  override name = 'LabInputError';
}

/** One located error as editors and terminals read it. */
export const formatLocatedError = (e: LocatedError) => `${e.file}:${e.line}:${e.col}: error: ${e.message}`;

/** Bad input files (topologies, workloads): every error, each as `file:line:col: error: message`. */
export class InputInvalid extends Error {
  override name = 'InputInvalid';
  constructor(readonly errors: LocatedError[]) {
    super(errors.map(formatLocatedError).join('\n'));
  }
}
