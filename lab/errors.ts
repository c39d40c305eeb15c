/** The request cannot be carried out as given (bad input, unknown name, conflict): the CLI exits 2. */
export class LabInputError extends Error {
  override name = 'LabInputError';
}
