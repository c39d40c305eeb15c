import { crashNode, restartNode } from '../docker/node-lifecycle.js';
import type { LabCommand } from './lab-command.js';

export function faultCommands(program: LabCommand): void {
  program
    .command('crash')
    .description("kill a node's container at once (SIGKILL), as a crash would; its run directory stays")
    .argument('<node>', 'node name')
    .labOption()
    .jsonOption()
    .run(async ({ runtime, lab, emit }, node: string) => {
      const result = await crashNode(runtime, node, lab);
      emit(result, () => (result.wasRunning ? `crashed ${node}` : `${node} was not running`));
    });
  program
    .command('restart')
    .description('start a node again as deployed (routes, counters, impairments), its daemon from scratch')
    .argument('<node>', 'node name')
    .labOption()
    .jsonOption()
    .run(async ({ runtime, lab, emit }, node: string) => {
      const result = await restartNode(runtime, node, lab);
      emit(result, () => `restarted ${node} in ${result.seconds.toFixed(1)} s`);
    });
}
