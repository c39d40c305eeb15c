#!/usr/bin/env node
import { agentCommand } from './agent.js';
import { captureCommand } from './capture.js';
import { compareCommand } from './compare.js';
import { deployCommand } from './deploy.js';
import { destroyCommand } from './destroy.js';
import { execCommand } from './exec.js';
import { faultCommands } from './faults.js';
import { generateCommand } from './generate.js';
import { graphCommand } from './graph.js';
import { impairCommand } from './impair.js';
import { inspectCommand } from './inspect.js';
import { LabCommand } from './lab-command.js';
import { EXIT_BAD_INPUT, emit } from './output.js';
import { partitionCommand } from './partition.js';
import { routerCommand } from './router.js';
import { setupCommand } from './setup.js';
import { simulateCommand } from './simulate.js';
import { trafficCommand } from './traffic.js';
import { uiCommand } from './ui.js';
import { validateCommand } from './validate.js';

const program = new LabCommand('mcast-lab')
  .description('IP multicast network lab: YAML topologies as Docker labs with real multicast routing')
  .showSuggestionAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_BAD_INPUT))
  // Usage errors found by the parser keep the --json promise: one JSON document on stdout.
  .configureOutput({
    outputError: (message, write) =>
      process.argv.includes('--json')
        ? emit(true, { error: { message: message.trim() } }, () => '')
        : write(message),
  });

for (const register of [
  setupCommand,
  validateCommand,
  deployCommand,
  destroyCommand,
  inspectCommand,
  execCommand,
  agentCommand,
  routerCommand,
  impairCommand,
  captureCommand,
  trafficCommand,
  compareCommand,
  simulateCommand,
  partitionCommand,
  faultCommands,
  graphCommand,
  generateCommand,
  uiCommand,
]) {
  register(program);
}

// Commander answers `--help` before it looks at the command: an unknown one would print the top
// help and succeed.
const [first] = process.argv.slice(2);
const names = program.commands.map((c) => c.name());
if (first !== undefined && !first.startsWith('-') && !names.includes(first) && first !== 'help')
  program.error(`error: unknown command '${first}'; valid: ${names.join(', ')}`, {
    exitCode: EXIT_BAD_INPUT,
  });
await program.parseAsync();
