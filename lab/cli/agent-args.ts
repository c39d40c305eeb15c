import { LabInputError } from '../errors.js';

/**
 * Splits the words after `agent NODE` into the verb and its arguments (`--key value`, `--key=value`, bare
 * `--flag`, positionals in `_`; kebab-case keys become camelCase). The command's parser has taken out
 * the CLI's own `--json` and `--lab` wherever they stood.
 */
export interface AgentInvocation {
  verb: string;
  args: Record<string, unknown>;
}

export function parseAgentWords(words: string[]): AgentInvocation {
  const [verb, ...tail] = words;
  if (!verb) throw new LabInputError('missing VERB (try "ping", "status" or "stats")');
  const args: Record<string, unknown> & { _: string[] } = { _: [] };
  for (let i = 0; i < tail.length; i++) {
    const word = tail[i] ?? '';
    if (!word.startsWith('--')) {
      args._.push(word);
      continue;
    }
    const [flag = '', inline] = word.slice(2).split(/=(.*)/s);
    // `--partition-mode` names the verb's `partitionMode`.
    const key = flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
    const next = tail[i + 1];
    if (inline !== undefined) args[key] = inline;
    else if (next !== undefined && !next.startsWith('--')) args[key] = tail[++i];
    else args[key] = true;
  }
  return { verb, args };
}
