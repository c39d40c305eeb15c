import { Command } from 'commander';
import { createRuntime, type RuntimeContext } from '../docker/context.js';
import { resolveLab } from '../docker/find-node.js';
import { loadValidTopology } from '../topology/parse.js';
import { emit, runCommand } from './output.js';

/** What a command's action is handed besides its arguments. */
export interface CommandContext<Options> {
  /** The command's own options. */
  options: Options;
  /** `--json`: exactly one JSON document on stdout, errors included. */
  json: boolean;
  /** `--lab` as given, for calls that fall back to the only lab deployed themselves. */
  lab: string | undefined;
  /** `--lab`, else the only lab deployed. */
  resolveLab(): Promise<string>;
  /** `--lab`, else the name inside the topology `file`, else undefined. */
  labNamedBy(file: string | undefined): Promise<string | undefined>;
  /** The Docker backend, created on first use. */
  readonly runtime: RuntimeContext;
  /** The result on stdout: one JSON document with `--json`, else the text. */
  emit(data: unknown, human: () => string): void;
}

/** An action: its exit code (none: 0); what it throws becomes the message and exit code 1 or 2. */
export type CommandBody<Options, Args extends unknown[]> = (
  context: CommandContext<Options>,
  ...args: Args
  // biome-ignore lint/suspicious/noConfusingVoidType: an action that only prints returns nothing and exits 0.
) => Promise<number | void>;

/** A commander command that declares the options every lab command shares and runs actions with their context. */
export class LabCommand extends Command {
  override createCommand(name?: string): LabCommand {
    return new LabCommand(name);
  }

  /** `--lab <lab>`; `help` for commands that name their lab another way too. */
  labOption(help = 'lab name (default: the only lab deployed)'): this {
    return this.option('--lab <lab>', help);
  }

  /** `--json`; `help` where the document says what it holds. */
  jsonOption(help = 'print one JSON document'): this {
    return this.option('--json', help);
  }

  /** The action: `body` gets the context, then the declared arguments (commander appends the options and the command). */
  run<Options = object, Args extends unknown[] = []>(body: CommandBody<Options, Args>): this {
    return this.action((...params: unknown[]) => {
      const options = this.opts<Options & { lab?: string; json?: boolean }>();
      return runCommand(Boolean(options.json), () =>
        body(commandContext(options), ...(params.slice(0, -2) as Args)).then((code) => code ?? undefined),
      );
    });
  }
}

function commandContext<Options>(
  options: Options & { lab?: string; json?: boolean },
): CommandContext<Options> {
  const json = Boolean(options.json);
  let runtime: RuntimeContext | undefined;
  const docker = () => {
    runtime ??= createRuntime();
    return runtime;
  };
  return {
    options,
    json,
    lab: options.lab,
    get runtime() {
      return docker();
    },
    resolveLab: () => resolveLab(docker(), options.lab),
    labNamedBy: async (file) => options.lab || (file ? (await loadValidTopology(file)).name : undefined),
    emit: (data, human) => emit(json, data, human),
  };
}
