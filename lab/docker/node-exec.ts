import { PassThrough } from 'node:stream';
import { execa } from 'execa';
import type { RuntimeContext } from './context.js';
import { findNode } from './find-node.js';
import { readLabPlan } from './lab-plan-file.js';
import { containerName } from './names.js';

/** Where a program runs: inside the node's container (its image's programs), or on the host in the node's network namespace (the host's tools). */
export type ExecWhere = 'container' | 'host';

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program in a node: by default in the container when the node runs the user's own image (its
 * programs are there), with the host's tools (ip, ping, tcpdump…) in its network namespace otherwise.
 * `tee` also writes its output to this process's stdout and stderr as it comes (a long tcpdump shows
 * its packets while it runs).
 */
export async function execInNode(
  ctx: RuntimeContext,
  lab: string,
  node: string,
  argv: string[],
  where?: ExecWhere,
  tee = false,
): Promise<ExecResult> {
  const target = await findNode(ctx, node, lab);
  const chosen = where ?? ((await runsUserImage(ctx, target.lab, node)) ? 'container' : 'host');
  if (chosen === 'container') return execInContainer(ctx, containerName(target.lab, node), argv, tee);
  const output = tee ? (['pipe', 'inherit'] as const) : 'pipe';
  const { exitCode, stdout, stderr } = await execa('nsenter', ['-t', String(target.pid), '-n', ...argv], {
    reject: false,
    stdout: output,
    stderr: output,
  });
  return { exitCode: exitCode ?? -1, stdout: String(stdout), stderr: String(stderr) };
}

async function runsUserImage(ctx: RuntimeContext, lab: string, node: string): Promise<boolean> {
  const plan = await readLabPlan(ctx, lab).catch(() => undefined);
  return plan?.nodes.find((n) => n.name === node)?.program?.image !== undefined;
}

/** `docker exec`: the program's output, demultiplexed, and its exit code (127: not found, as a shell says). */
async function execInContainer(
  ctx: RuntimeContext,
  container: string,
  argv: string[],
  tee: boolean,
): Promise<ExecResult> {
  const exec = await ctx.docker
    .getContainer(container)
    .exec({ Cmd: argv, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = collect(tee ? process.stdout : undefined);
  const err = collect(tee ? process.stderr : undefined);
  ctx.docker.modem.demuxStream(stream, out.stream, err.stream);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, stdout: out.text().trimEnd(), stderr: err.text().trimEnd() };
}

function collect(echo?: NodeJS.WritableStream) {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    echo?.write(chunk);
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
