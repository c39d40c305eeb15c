import { describe, expect, it } from 'vitest';
import { parseAgentWords } from './agent-args.js';

describe('parseAgentWords', () => {
  it('takes the first word as the verb with no arguments', () => {
    expect(parseAgentWords(['ping'])).toEqual({ verb: 'ping', args: { _: [] }, json: false });
  });

  it('turns kebab-case keys into the camelCase the verbs name', () => {
    expect(
      parseAgentWords(['join_group', '239.5.0.1', '--atomic', '--partition-mode', 'primary']),
    ).toMatchObject({
      args: { _: ['239.5.0.1'], atomic: true, partitionMode: 'primary' },
    });
  });

  it('reports a missing verb', () => {
    for (const words of [[], ['--json'], ['--lab', 'demo'], ['--lab=demo', '--json']]) {
      const parsed = parseAgentWords(words);
      expect(parsed).toHaveProperty('error');
      expect((parsed as { error: string }).error).toMatch(/missing VERB/);
    }
  });

  it('finds --json and --lab anywhere, before or after the verb', () => {
    const expected = { verb: 'stats', args: { _: [] }, json: true, lab: 'demo' };
    expect(parseAgentWords(['--json', '--lab', 'demo', 'stats'])).toEqual(expected);
    expect(parseAgentWords(['stats', '--lab', 'demo', '--json'])).toEqual(expected);
    expect(parseAgentWords(['--lab=demo', 'stats', '--json'])).toEqual(expected);
  });

  it('does not pass --json or --lab on to the verb', () => {
    const parsed = parseAgentWords(['send', '239.1.1.1', '--json', '--count', '5', '--lab', 'demo']);
    expect(parsed).toEqual({
      verb: 'send',
      args: { _: ['239.1.1.1'], count: '5' },
      json: true,
      lab: 'demo',
    });
  });

  it('leaves lab out when it is not given', () => {
    expect(parseAgentWords(['ping'])).not.toHaveProperty('lab');
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
      json: false,
    });
  });

  it('takes a value that starts with a single dash', () => {
    expect(parseAgentWords(['send', '--offset', '-5'])).toMatchObject({ args: { _: [], offset: '-5' } });
  });
});
