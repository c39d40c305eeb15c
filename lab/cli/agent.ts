import type { Command } from 'commander';
import { controlRequest } from '../../common/control/client.js';
import { createRuntime } from '../docker/context.js';
import { daemonSocket } from '../docker/find-node.js';
import { LabInputError } from '../errors.js';
import { parseAgentWords } from './agent-args.js';
import { showEvents } from './events.js';
import { emit, runCommand } from './output.js';

export function agentCommand(program: Command): void {
  program
    .command('agent')
    .description(
      "send a verb to a node's agent over its control socket (ping, status, events [--follow], join, leave, send, stats; join_group, leave_group, send_to_group, query_membership, flush_group)",
    )
    .argument('<node>', 'node name')
    .argument('<words...>', 'VERB and its arguments, e.g. send 239.1.1.1 --count 10 --rate 100')
    .allowUnknownOption()
    .helpOption('-h, --help')
    .action((node: string, words: string[]) => {
      const invocation = parseAgentWords(words);
      const json = 'error' in invocation ? words.includes('--json') : invocation.json;
      return runCommand(json, async () => {
        if ('error' in invocation) throw new LabInputError(invocation.error);
        const socket = await daemonSocket(createRuntime(), node, invocation.lab);
        if (invocation.verb === 'events') {
          const {
            follow,
            since,
            _: words = [],
          } = invocation.args as { follow?: unknown; since?: unknown; _?: string[] };
          await showEvents(socket, { since: Number(since ?? words[0] ?? 0), follow: Boolean(follow), json });
          return undefined;
        }
        const result = await controlRequest(socket, invocation.verb, invocation.args, 600_000);
        emit(json, result, () => (typeof result === 'string' ? result : JSON.stringify(result, null, 2)));
        return undefined;
      });
    });
}
