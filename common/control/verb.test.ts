import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UsageError } from './protocol.js';
import { verb } from './verb.js';

const schema = z.object({
  group: z.string(),
  port: z.coerce.number().int().default(5000),
  label: z.string().optional(),
});

/** A verb whose run returns the arguments it was given. */
const echo = verb(['group', 'port'], schema, (args) => args);

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('verb', () => {
  it('names positional words in order', () => {
    expect(echo({ _: ['239.1.1.1', '6000'] })).toEqual({ group: '239.1.1.1', port: 6000 });
  });

  it('treats positionals and named args the same, filling defaults', () => {
    expect(echo({ group: '239.1.1.1' })).toEqual({ group: '239.1.1.1', port: 5000 });
    expect(echo({ _: ['239.1.1.1'], label: 'x' })).toEqual({ group: '239.1.1.1', port: 5000, label: 'x' });
    expect(echo({ _: [], group: '239.1.1.1', port: '7' })).toEqual({ group: '239.1.1.1', port: 7 });
  });

  it('rejects more positional words than it names', () => {
    expect(usageMessage(() => echo({ _: ['239.1.1.1', '6000', 'extra', 'more'] }))).toBe(
      'too many arguments: extra more',
    );
  });

  it('rejects unknown named arguments', () => {
    expect(usageMessage(() => echo({ group: '239.1.1.1', bogus: true }))).toContain('bogus');
  });

  it('reports invalid and missing arguments by name', () => {
    expect(usageMessage(() => echo({ _: ['239.1.1.1', 'abc'] }))).toMatch(/^port: /);
    expect(usageMessage(() => echo({}))).toMatch(/^group: /);
    expect(usageMessage(() => echo({ label: 'x' }))).toMatch(/^group: /);
  });

  it('reports every issue, separated by semicolons', () => {
    const message = usageMessage(() => echo({ port: 'abc', label: 3 }));
    expect(message.split('; ').map((part) => part.split(':')[0])).toEqual(
      expect.arrayContaining(['group', 'port', 'label']),
    );
  });

  it('does not run the verb when its arguments are invalid', () => {
    let runs = 0;
    const counted = verb(['group'], z.object({ group: z.string() }), () => {
      runs += 1;
    });
    expect(() => counted({ _: [1] })).toThrow(UsageError);
    expect(() => counted({ nope: 1, group: 'g' })).toThrow(UsageError);
    expect(runs).toBe(0);
    counted({ _: ['g'] });
    expect(runs).toBe(1);
  });

  it("passes the run's result and errors through unchanged", async () => {
    const later = verb([], z.object({}), async () => 'done');
    await expect(later({})).resolves.toBe('done');
    const failing = verb([], z.object({}), () => {
      throw new Error('kernel said no');
    });
    expect(() => failing({})).toThrow(Error);
    try {
      failing({});
    } catch (err) {
      expect(err).not.toBeInstanceOf(UsageError);
    }
  });
});
