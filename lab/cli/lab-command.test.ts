import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabInputError } from '../errors.js';
import type { CommandContext } from './lab-command.js';
import { LabCommand } from './lab-command.js';

type Seen = { context: CommandContext<object>; args: unknown[] };

/** A program with one command shaped like `agent`: a node, then words that carry the verb's own options. */
function program(body: (context: CommandContext<object>, ...args: unknown[]) => Promise<number | undefined>) {
  const root = new LabCommand('mcast-lab').exitOverride();
  root
    .command('call')
    .argument('<node>')
    .argument('<words...>')
    .labOption()
    .jsonOption()
    .allowUnknownOption()
    .run(body);
  return root;
}

async function parse(...argv: string[]): Promise<Seen> {
  let seen: Seen | undefined;
  await program(async (context, ...args) => {
    seen = { context, args };
    return undefined;
  }).parseAsync(['call', ...argv], { from: 'user' });
  if (!seen) throw new Error('the action did not run');
  return seen;
}

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

describe('LabCommand', () => {
  it('takes --lab and --json out of the words wherever they stand', async () => {
    for (const argv of [
      ['h1', 'send', '239.1.1.1', '--json', '--count', '5', '--lab', 'demo'],
      ['--lab=demo', '--json', 'h1', 'send', '239.1.1.1', '--count', '5'],
    ]) {
      const { context, args } = await parse(...argv);
      expect(args).toEqual(['h1', ['send', '239.1.1.1', '--count', '5']]);
      expect(context).toMatchObject({ json: true, lab: 'demo' });
    }
  });

  it('resolves a --lab given without asking the engine', async () => {
    const { context } = await parse('h1', 'ping', '--lab', 'demo');
    expect(context.json).toBe(false);
    await expect(context.resolveLab()).resolves.toBe('demo');
  });

  it('names the lab by --lab, else by the topology file', async () => {
    expect(
      await (await parse('h1', 'ping', '--lab', 'demo')).context.labNamedBy('topologies/default.yaml'),
    ).toBe('demo');
    const { context } = await parse('h1', 'ping');
    expect(await context.labNamedBy('topologies/default.yaml')).toBe('default');
    expect(await context.labNamedBy(undefined)).toBeUndefined();
  });

  it('lists the shared options in the help with their texts', () => {
    const root = new LabCommand('mcast-lab');
    const help = root
      .command('show')
      .labOption('lab name')
      .jsonOption('print one JSON document with the URL');
    expect(help.helpInformation()).toMatch(/--lab <lab>\s+lab name\n/);
    expect(help.helpInformation()).toMatch(/--json\s+print one JSON document with the URL\n/);
  });

  it("makes the action's result the exit code, bad input exit 2 with one JSON document", async () => {
    await program(async () => 3).parseAsync(['call', 'h1', 'ping'], { from: 'user' });
    expect(process.exitCode).toBe(3);
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    await program(async () => {
      throw new LabInputError('no such verb');
    }).parseAsync(['call', 'h1', 'nope', '--json'], { from: 'user' });
    expect(process.exitCode).toBe(2);
    expect(JSON.parse(written.join(''))).toEqual({ error: { message: 'no such verb' } });
  });
});
