import { formatLocatedError } from '../errors.js';
import { checkTopologyFile } from '../topology/check-file.js';
import type { LabCommand } from './lab-command.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './output.js';

export function validateCommand(program: LabCommand): void {
  program
    .command('validate')
    .description('check topology files and report every error with file:line:col')
    .argument('<files...>', 'topology YAML files')
    .jsonOption()
    .run(async ({ emit }, files: string[]) => {
      const results = await Promise.all(files.map(checkTopologyFile));
      const valid = results.every((r) => r.valid);
      emit({ valid, files: results }, () =>
        results
          .map((r) =>
            r.valid
              ? `${r.file}: ok (lab ${r.lab}: ${r.networks} networks, ${r.nodes} nodes)`
              : r.errors.map(formatLocatedError).join('\n'),
          )
          .join('\n'),
      );
      return valid ? EXIT_OK : EXIT_BAD_INPUT;
    });
}
