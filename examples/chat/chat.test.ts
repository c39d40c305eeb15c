// A user's multicast chat (chat.mjs) across three subnets: every listener hears every other speaker.
import { useLab } from 'mcast-lab/vitest';
import { beforeAll, expect, it } from 'vitest';

const lab = useLab(new URL('topology.yaml', import.meta.url).pathname);
const PEOPLE = ['alice', 'bob', 'carol'];

/** `say` runs inside the node's container, next to its listener: `node` and /chat are there. */
const say = (who: string, text: string) =>
  lab.exec(who, ['node', '/chat/chat.mjs', 'say', who, text], 'container');

const GROUP = '239.7.7.7';

beforeAll(async () => {
  for (const who of PEOPLE)
    await lab.waitFor(() => lab.output(who), {
      until: (output) => output.includes(`${who} listening`),
      what: `${who}'s chat to listen`,
    });
  // UDP multicast is best effort: a line sent before r1 knows a subnet has a listener never gets
  // there. The listeners started with their nodes, maybe before r1 did: wait until its IGMP has them all.
  await lab.waitFor(() => lab.router('r1').show('igmp'), {
    until: (interfaces) => interfaces.every((i) => i.groups.some((g) => g.group === GROUP)),
    what: `r1 to know a member of ${GROUP} on each of its subnets`,
  });
});

it('carries a line from one subnet to the two others', async () => {
  expect((await say('alice', 'hello from lan1')).exitCode).toBe(0);
  for (const who of ['bob', 'carol'])
    await lab.waitFor(() => lab.output(who), {
      until: (output) => output.includes('alice: hello from lan1'),
      what: `${who} to hear alice`,
    });
  // A listener does not print its own lines.
  expect(await lab.output('alice')).not.toContain('alice: hello');
});

it('keeps each speaker’s lines in order at every listener', async () => {
  for (const n of [1, 2, 3]) await say('carol', `line ${n}`);
  const heard = await lab.waitFor(() => lab.output('bob'), {
    until: (output) => output.includes('carol: line 3'),
    what: 'bob to hear all of carol’s lines',
  });
  const lines = heard.split('\n').filter((line) => line.startsWith('carol: line'));
  expect(lines).toEqual(['carol: line 1', 'carol: line 2', 'carol: line 3']);
});
