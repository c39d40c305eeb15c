import { describe, expect, it } from 'vitest';
import { LabInputError } from '../errors.js';
import { parseAgentWords } from './agent-args.js';

describe('parseAgentWords', () => {
  it('takes the first word as the verb with no arguments', () => {
    expect(parseAgentWords(['ping'])).toEqual({ verb: 'ping', args: { _: [] } });
  });

  it('turns kebab-case keys into the camelCase the verbs name', () => {
    expect(
      parseAgentWords(['join_group', '239.5.0.1', '--atomic', '--partition-mode', 'primary']),
    ).toMatchObject({
      args: { _: ['239.5.0.1'], atomic: true, partitionMode: 'primary' },
    });
  });

  it('reports a missing verb as bad input', () => {
    expect(() => parseAgentWords([])).toThrow(LabInputError);
    expect(() => parseAgentWords([])).toThrow(/missing VERB/);
  });

  it('reads --key value and --key=value, keeping what follows the first =', () => {
    expect(parseAgentWords(['send', '--count', '10', '--rate=100', '--note=a=b'])).toMatchObject({
      args: { _: [], count: '10', rate: '100', note: 'a=b' },
    });
    expect(parseAgentWords(['send', '--empty='])).toMatchObject({ args: { _: [], empty: '' } });
  });

  it('makes a --flag followed by another option or by nothing true', () => {
    expect(parseAgentWords(['send', '--verbose', '--count', '3', '--last'])).toMatchObject({
      args: { _: [], verbose: true, count: '3', last: true },
    });
  });

  it('collects positionals in order, before and after options', () => {
    expect(parseAgentWords(['send', '239.1.1.1', '--size', '100', '239.2.2.2:6000', 'x'])).toEqual({
      verb: 'send',
      args: { _: ['239.1.1.1', '239.2.2.2:6000', 'x'], size: '100' },
    });
  });

  it('takes a value that starts with a single dash', () => {
    expect(parseAgentWords(['send', '--offset', '-5'])).toMatchObject({ args: { _: [], offset: '-5' } });
  });
});
