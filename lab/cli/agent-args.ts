/**
 * Splits `agent NODE VERB …` words: the CLI's own `--json` and `--lab X` may appear anywhere; the rest
 * become the verb's arguments (`--key value`, `--key=value`, bare `--flag`, positionals in `_`; kebab-case
 * keys become camelCase).
 */
export interface AgentInvocation {
  verb: string;
  args: Record<string, unknown>;
  json: boolean;
  lab?: string;
}

export function parseAgentWords(words: string[]): AgentInvocation | { error: string } {
  const rest: string[] = [];
  let json = false;
  let lab: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--json') json = true;
    else if (word === '--lab') {
      lab = words[++i];
      if (!lab) return { error: '--lab needs a lab name' };
    } else if (word.startsWith('--lab=')) lab = word.slice('--lab='.length);
    else rest.push(word);
  }
  const [verb, ...tail] = rest;
  if (!verb) return { error: 'missing VERB (try "ping", "status" or "stats")' };
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
  return { verb, args, json, ...(lab ? { lab } : {}) };
}
