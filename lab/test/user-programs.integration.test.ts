import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_LOG_NAME } from '../../common/control/protocol.js';
import { deployLab } from '../api/deploy-lab.js';
import type { Lab } from '../api/lab.js';
import { logTail } from '../docker/container-logs.js';
import { createRuntime } from '../docker/context.js';
import { destroyLabs } from '../docker/destroy.js';
import { listLabs } from '../docker/labs.js';
import { containerName, nodeRunDir } from '../docker/names.js';
import { mcastLab } from '../testing/cli.js';
import { pollUntil, TEST_LAB_PREFIX, useLab } from '../testing/lab-fixture.js';

/**
 * topologies/own-program.yaml: a Node.js receiver mounted with `binds`, started by h2's agent (output in
 * command.log) and as h3's only program (agent: off, output in the container's log).
 */
describe('a Node.js program from binds, run by the agent and without it (topologies/own-program.yaml)', () => {
  const lab = useLab('topologies/own-program.yaml', 'own-program');
  const ctx = createRuntime();
  const GROUP = '239.7.7.7:5007';
  const commandLog = () =>
    readFile(join(nodeRunDir(ctx, lab.name, 'h2'), COMMAND_LOG_NAME), 'utf8').catch(() => '');
  const containerLog = async () =>
    (await logTail(ctx.docker.getContainer(containerName(lab.name, 'h3')), 50)).join('\n');

  it('hears a sender on another subnet (h2, through r1) and on its own (h3)', async () => {
    const joined = (log: string) => log.includes('joined 239.7.7.7:5007');
    await pollUntil(commandLog, joined, { what: "h2's receiver to join" });
    await pollUntil(containerLog, joined, { what: "h3's receiver to join" });
    // Each probe sends a few datagrams: the first ones may precede r1 learning of h2's membership.
    const heard = (log: string) => log.includes(`from ${lab.address('h1')} 64 bytes`);
    await pollUntil(
      async () => {
        await lab.agent('h1', 'send', { group: GROUP, count: 3 });
        return { h2: await commandLog(), h3: await containerLog() };
      },
      (logs) => heard(logs.h2) && heard(logs.h3),
      { what: "h1's datagrams in both receivers' output", intervalMs: 300 },
    );
  });

  it("reports the agent's command in status; a node without an agent says it has none", async () => {
    expect(await lab.agent('h2', 'status')).toMatchObject({
      command: { argv: ['node', '/opt/own-program/receiver.mjs', '5007'], running: true, exitCode: null },
    });
    await expect(lab.agent('h3', 'status')).rejects.toThrow(/h3 runs no node-agent \(agent: off\)/);
    const cli = await mcastLab('agent', 'h3', 'status', '--lab', lab.name);
    expect({ exitCode: cli.exitCode, stderr: cli.stderr }).toMatchObject({
      exitCode: 2,
      stderr: expect.stringContaining('runs no node-agent'),
    });
  });

  it('execs inside the container when asked (the bind read-only there), host tools by default', async () => {
    const inside = (...argv: string[]) =>
      mcastLab('exec', 'h2', '--container', '--lab', lab.name, '--json', '--', ...argv);
    const listed = await inside('node', '-e', 'console.log(require("fs").readdirSync("/opt/own-program"))');
    expect(JSON.parse(listed.stdout)).toMatchObject({ exitCode: 0, stdout: "[ 'receiver.mjs' ]" });
    const write = await inside('node', '-e', 'require("fs").writeFileSync("/opt/own-program/x", "")');
    expect(JSON.parse(write.stdout)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('EROFS') });
    // Without --json: the output as it comes, the program's exit code as the CLI's.
    const plain = await mcastLab(
      'exec',
      'h2',
      '--container',
      '--lab',
      lab.name,
      '--',
      'node',
      '-e',
      'console.log("hi"); process.exit(7)',
    );
    expect({ exitCode: plain.exitCode, stdout: plain.stdout }).toEqual({ exitCode: 7, stdout: 'hi' });
    const host = await mcastLab('exec', 'h2', '--lab', lab.name, '--', 'ip', '-br', 'addr', 'show', 'eth0');
    expect(host.stdout).toContain(lab.address('h2'));
  });
});

/**
 * A foreign image without Node.js or a shell: Debian's python3 (the Python example's image) and the C
 * libraries any Debian image has, which the host's node binary loads.
 */
const IMAGE = 'mcast-lab-test/python3';
const buildPython = fileURLToPath(new URL('../../examples/python-receiver/build-image.sh', import.meta.url));

async function buildImage(): Promise<void> {
  execFileSync('bash', [buildPython, `${IMAGE}-bare`]);
  const context = await mkdtemp(join(tmpdir(), 'mcast-lab-image-'));
  const libraries =
    execFileSync('ldd', [process.execPath], { encoding: 'utf8' }).match(/\/\S+\.so\S*/g) ?? [];
  for (const library of libraries) await cp(library, join(context, 'root', library), { dereference: true });
  await writeFile(join(context, 'Dockerfile'), `FROM ${IMAGE}-bare\nCOPY root/ /\n`);
  execFileSync('docker', ['build', '-q', '-t', IMAGE, context]);
  await rm(context, { recursive: true, force: true });
}

describe("users' own programs in nodes (image, command, binds, agent: off, daemon: none)", () => {
  let lab: Lab;
  beforeAll(async () => {
    await buildImage();
    lab = await deployLab(
      {
        name: 'programs',
        defaults: { profile: 'fast' },
        networks: { lan1: null, lan2: null },
        routers: {
          // The user's router: no router-sim, only their program (here one that idles).
          r1: {
            interfaces: ['lan1', 'lan2'],
            daemon: 'none',
            command: ['node', '-e', 'setInterval(() => {}, 1e9)'],
          },
        },
        hosts: {
          h1: { network: 'lan1' },
          // The agent from the host's Node.js in a foreign image, next to the user's program.
          h2: {
            network: 'lan2',
            image: IMAGE,
            command: ['python3', '-c', 'print("hello from python", flush=True)'],
          },
        },
      },
      { name: `${TEST_LAB_PREFIX}programs-${process.pid % 10_000}` },
    );
  });
  afterAll(async () => {
    await lab?.destroy();
    execFileSync('docker', ['rmi', IMAGE, `${IMAGE}-bare`]);
  });

  it("gives the user's router its interfaces, addresses, routes and forwarding: unicast crosses it", async () => {
    const ping = await lab.exec('h1', ['ping', '-c', '1', '-W', '2', lab.address('h2')], 'host');
    expect(ping.exitCode, ping.stdout + ping.stderr).toBe(0);
    await expect(lab.router('r1').status()).rejects.toThrow(
      /r1 runs no router-sim \(daemon: none\): it answers no control verbs/,
    );
  });

  it('runs the agent in a foreign image and the command next to it, its output in command.log', async () => {
    expect(await lab.agent('h2').ping()).toBe('pong');
    const output = await lab.waitFor(() => lab.output('h2'), {
      until: (o) => o.includes('hello from python'),
    });
    expect(output).toBe('hello from python\n');
    const status = await lab.agent('h2').status();
    expect(status).toMatchObject({
      command: { argv: ['python3', '-c', 'print("hello from python", flush=True)'] },
    });
    expect(
      await lab.waitFor(
        async () => (await lab.agent('h2').status()) as unknown as { command: { exitCode: number } },
        {
          until: (s) => s.command.exitCode === 0,
        },
      ),
    ).toBeTruthy();
  });

  it("execs inside a user image's container by default, and with the host's tools when asked", async () => {
    const inside = await lab.exec('h2', ['python3', '-c', 'import socket; print(socket.gethostname())']);
    expect(inside).toMatchObject({ exitCode: 0, stdout: 'h2' });
    const cli = await mcastLab(
      'exec',
      'h2',
      '--lab',
      lab.name,
      '--json',
      '--',
      'python3',
      '-c',
      'print(6 * 7)',
    );
    expect(JSON.parse(cli.stdout)).toMatchObject({ exitCode: 0, stdout: '42' });
    const host = await mcastLab(
      'exec',
      'h2',
      '--host',
      '--lab',
      lab.name,
      '--',
      'ip',
      '-br',
      'addr',
      'show',
      'eth0',
    );
    expect(host.stdout).toContain(lab.address('h2'));
  });
});

it('fails the deploy of a node whose own program dies, with its exit code and log, and rolls back', async () => {
  const name = `${TEST_LAB_PREFIX}dies-${process.pid % 10_000}`;
  const deploy = deployLab(
    {
      name: 'dies',
      networks: { lan1: null },
      hosts: {
        h1: {
          network: 'lan1',
          agent: false,
          command: ['node', '-e', 'console.error("boom"); process.exit(3)'],
        },
      },
    },
    { name },
  );
  try {
    await expect(deploy).rejects.toThrow(
      /h1 exited with code 3 before the lab was up; the last lines of its log:\n {2}boom/,
    );
  } finally {
    await destroyLabs(createRuntime(), { lab: name }); // in case it came up after all
  }
  expect((await listLabs(createRuntime())).map((l) => l.name)).not.toContain(name);
});
