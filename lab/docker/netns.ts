import { execa } from 'execa';

/** Commands run by the host inside a container's network namespace, with the host's own tools. */

export async function inNetns(pid: number, argv: string[], input?: string) {
  return execa('nsenter', ['-t', String(pid), '-n', ...argv], { input, reject: false });
}

export interface NetnsAddress {
  ifname: string;
  address: string;
  prefixLength: number;
}

export async function readAddresses(pid: number): Promise<NetnsAddress[]> {
  const { stdout, exitCode, stderr } = await inNetns(pid, ['ip', '-j', '-4', 'addr', 'show']);
  if (exitCode !== 0) throw new Error(`ip addr in pid ${pid}: ${stderr}`);
  const links = JSON.parse(stdout) as { ifname: string; addr_info: { local: string; prefixlen: number }[] }[];
  return links
    .filter((link) => link.ifname !== 'lo')
    .flatMap((link) =>
      link.addr_info.map((a) => ({ ifname: link.ifname, address: a.local, prefixLength: a.prefixlen })),
    );
}

export interface NetnsRoute {
  destination: string;
  via?: string;
  dev: string;
}

export async function readRoutes(pid: number): Promise<NetnsRoute[]> {
  const { stdout, exitCode, stderr } = await inNetns(pid, ['ip', '-j', '-4', 'route', 'show']);
  if (exitCode !== 0) throw new Error(`ip route in pid ${pid}: ${stderr}`);
  return (JSON.parse(stdout) as { dst: string; gateway?: string; dev: string }[]).map((r) => ({
    destination: r.dst,
    ...(r.gateway ? { via: r.gateway } : {}),
    dev: r.dev,
  }));
}

/** Applies `ip` commands (batch syntax, one per line) atomically from the caller's point of view. */
export async function ipBatch(pid: number, commands: string[]): Promise<void> {
  if (commands.length === 0) return;
  const { exitCode, stderr } = await inNetns(pid, ['ip', '-batch', '-'], `${commands.join('\n')}\n`);
  if (exitCode !== 0) throw new Error(`ip -batch in pid ${pid} failed: ${stderr.trim()}`);
}

/**
 * The host ends of a container's veth pairs (the bridge ports its frames cross), by the peer index
 * each interface reports inside the namespace.
 */
export async function hostPorts(pid: number): Promise<{ ifname: string; port: string }[]> {
  const inside = await inNetns(pid, ['ip', '-j', 'link', 'show']);
  const host = await execa('ip', ['-j', 'link', 'show'], { reject: false });
  if (inside.exitCode !== 0 || host.exitCode !== 0)
    throw new Error(`ip link for pid ${pid}: ${inside.stderr}`);
  const hostLinks = JSON.parse(host.stdout) as { ifindex: number; ifname: string }[];
  return (JSON.parse(inside.stdout) as { ifname: string; link_index?: number }[]).flatMap((link) => {
    const port = hostLinks.find((h) => h.ifindex === link.link_index)?.ifname;
    return port === undefined || link.ifname === 'lo' ? [] : [{ ifname: link.ifname, port }];
  });
}

/** The ports of a host bridge (the host ends of its containers' veths). */
export async function bridgePorts(bridge: string): Promise<string[]> {
  const { exitCode, stdout, stderr } = await execa('ip', ['-j', 'link', 'show', 'master', bridge], {
    reject: false,
  });
  if (exitCode !== 0) throw new Error(`ip link show master ${bridge}: ${stderr.trim()}`);
  return (JSON.parse(stdout) as { ifname: string }[]).map((link) => link.ifname);
}
