import { writeFile } from 'node:fs/promises';
import { SHAPES } from '../generate/shape.js';
import { generateTopology } from '../generate/topology.js';
import { generateWorkload } from '../generate/workload.js';
import { toYaml } from '../generate/yaml-text.js';
import { commandLine, parseGenerateArgs, type RawGenerateOptions } from './generate-args.js';
import type { CommandContext, LabCommand } from './lab-command.js';

export function generateCommand(program: LabCommand): void {
  program
    .command('generate')
    .description(
      'write a topology of routers in a shape, a host LAN on each, and optionally a workload for it',
    )
    .argument('<shape>', SHAPES.join(' | '))
    .requiredOption('--routers <n>', 'number of routers')
    .requiredOption('--hosts-per-lan <k>', 'hosts on each router LAN (0 or more)')
    .option('--seed <n>', 'seed of every random draw: the same seed gives the same files (default 1)')
    .option('--pim <mode>', 'dense | sparse (default sparse)')
    .option('--profile <profile>', 'fast | rfc protocol timers (default fast)')
    .option('--name <lab>', 'lab name (default SHAPE-ROUTERS)')
    .option('--fan-out <n>', 'tree: children per router (default 2)')
    .option('--extra-links <n>', 'random: links beyond the spanning tree (default routers / 4)')
    .option(
      '--subnet-pool <cidr>',
      "where networks take their /24s (default: the lab's pool, or 10.0.0.0/N when it is too small)",
    )
    .option('--out <file>', 'write the topology to a file instead of stdout')
    .option('--groups <g>', 'workload: number of groups')
    .option('--sources <s>', 'workload: sources in all, spread over the groups')
    .option('--members <m>', 'workload: members per group')
    .option('--duration <seconds>', 'workload: duration (default 30)')
    .option('--rate <n>', 'workload: datagrams per second per source (default 10)')
    .option('--workload-out <file>', 'write the workload to a file instead of stdout')
    .jsonOption()
    .run(async ({ options, emit }: CommandContext<RawGenerateOptions>, shape: string) => {
      const request = parseGenerateArgs(shape, options);
      const command = commandLine(request);
      const topology = generateTopology(request.topology);
      const { name } = topology.document;
      const outputs = [
        await deliver('topology', toYaml(topology.document, [command]), options.out, {
          name,
          routers: request.topology.routers,
          hosts: topology.hosts.length,
          networks: topology.networks,
          rp: topology.rp,
        }),
      ];
      if (request.workload) {
        const workload = generateWorkload(topology.hosts, request.workload);
        const text = toYaml({ ...workload }, [`Workload for lab ${name}: ${command}`]);
        outputs.push(
          await deliver('workload', text, options.workloadOut, {
            name: workload.name,
            sources: workload.sources.length,
            members: workload.members.length,
          }),
        );
      }
      emit(Object.fromEntries(outputs.map((o) => [o.kind, o.json])), () =>
        outputs.map((o) => o.human).join('\n'),
      );
    });
}

/** One generated document: written to `file` (a line says so), or carried whole on stdout. */
async function deliver(kind: string, text: string, file: string | undefined, facts: Record<string, unknown>) {
  if (file) await writeFile(file, text);
  const said = Object.entries(facts)
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
  return {
    kind,
    json: { ...facts, ...(file ? { out: file } : { yaml: text }) },
    human: file ? `wrote ${file}: ${kind} ${said}` : text.trimEnd(),
  };
}
