import { formatLocatedError } from '../errors.js';
import { loadTopology } from '../topology/parse.js';
import { planLab } from '../topology/planner.js';
import type { LabCommand } from './lab-command.js';
import { EXIT_BAD_INPUT, EXIT_OK } from './output.js';

export function validateCommand(program: LabCommand): void {
  program
    .command('validate')
    .description('check topology files and report every error with file:line:col')
    .argument('<files...>', 'topology YAML files')
    .jsonOption()
    .run(async ({ emit }, files: string[]) => {
      const results = await Promise.all(
        files.map(async (file) => {
          const loaded = await loadTopology(file);
          if (!loaded.ok) return { file, valid: false, errors: loaded.errors };
          // Addressing is what can fail; a large lab's route lists would only cost time.
          const planned = planLab(loaded.topology, { routes: false });
          if (!planned.ok) {
            const errors = planned.errors.map((message) => ({ file, line: 1, col: 1, path: '', message }));
            return { file, valid: false, errors };
          }
          const { networks, nodes } = planned.plan;
          return {
            file,
            valid: true,
            errors: [],
            lab: loaded.topology.name,
            networks: networks.length,
            nodes: nodes.length,
          };
        }),
      );
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
