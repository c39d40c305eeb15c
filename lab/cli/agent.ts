import { controlRequest } from '../../common/control/client.js';
import { daemonSocket } from '../docker/find-node.js';
import { parseAgentWords } from './agent-args.js';
import { showEvents } from './events.js';
import type { LabCommand } from './lab-command.js';

export function agentCommand(program: LabCommand): void {
  program
    .command('agent')
    .description(
      "send a verb to a node's agent over its control socket (ping, status, events [--follow], join, leave, send, stats; join_group, leave_group, send_to_group, query_membership, flush_group)",
    )
    .argument('<node>', 'node name')
    .argument('<words...>', 'VERB and its arguments, e.g. send 239.1.1.1 --count 10 --rate 100')
    .labOption()
    .jsonOption()
    // The verb's own options pass through to it; --lab and --json may stand anywhere among them.
    .allowUnknownOption()
    .helpOption('-h, --help')
    .run(async ({ json, runtime, lab, emit }, node: string, words: string[]) => {
      const invocation = parseAgentWords(words);
      const socket = await daemonSocket(runtime, node, lab);
      if (invocation.verb === 'events') {
        const {
          follow,
          since,
          _: positionals = [],
        } = invocation.args as { follow?: unknown; since?: unknown; _?: string[] };
        await showEvents(socket, {
          since: Number(since ?? positionals[0] ?? 0),
          follow: Boolean(follow),
          json,
        });
        return;
      }
      const result = await controlRequest(socket, invocation.verb, invocation.args, 600_000);
      emit(result, () => (typeof result === 'string' ? result : JSON.stringify(result, null, 2)));
    });
}
