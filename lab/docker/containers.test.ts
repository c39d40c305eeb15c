import { describe, expect, it } from 'vitest';
import type { LabPlan, PlannedNode } from '../topology/plan.js';
import { containerSpec } from './containers.js';
import type { RuntimeContext } from './context.js';
import type { NodeImages } from './images.js';

const ctx: RuntimeContext = { docker: {} as never, runDir: '/tmp/x', appRoot: '/repo' };

const plan: LabPlan = {
  name: 'demo',
  pim: 'sparse',
  rps: [{ router: 'r1', address: '10.100.0.1', groups: '224.0.0.0/4' }],
  sptThreshold: 'immediate',
  profile: 'fast',
  networks: [],
  nodes: [],
};

const router: PlannedNode = {
  name: 'r1',
  kind: 'router',
  interfaces: [
    { network: 'core', address: '10.100.0.2', prefixLength: 24 },
    { network: 'lan1', address: '10.100.1.2', prefixLength: 24 },
  ],
  routes: [],
  igmpVersion: 3,
  multicastRouting: true,
  forwarding: 'auto',
  daemon: true,
  program: {},
};

const host = (igmpVersion: 2 | 3): PlannedNode => ({
  name: 'h1',
  kind: 'host',
  interfaces: [{ network: 'lan1', address: '10.100.1.10', prefixLength: 24 }],
  routes: [{ destination: 'default', via: '10.100.1.2' }],
  igmpVersion,
  multicastRouting: false,
  forwarding: 'auto',
  daemon: true,
  program: {},
});

const base: NodeImages = { source: 'base', image: 'mcast-lab/base:node-v20' };
const compose: NodeImages = {
  source: 'compose',
  router: 'mcast-lab/router-sim:x',
  host: 'mcast-lab/node-agent:x',
};

describe('containerSpec', () => {
  it('names, labels and places the container on its first network at its first address', () => {
    const spec = containerSpec(ctx, plan, router, compose);
    expect(spec.name).toBe('mcast-lab-demo-r1');
    expect(spec.Hostname).toBe('r1');
    expect(spec.Labels).toEqual({
      'mcast-lab.lab': 'demo',
      'mcast-lab.node': 'r1',
      'mcast-lab.kind': 'router',
    });
    expect(spec.HostConfig?.NetworkMode).toBe('mcast-lab-demo-core');
    expect(spec.NetworkingConfig).toEqual({
      EndpointsConfig: { 'mcast-lab-demo-core': { IPAMConfig: { IPv4Address: '10.100.0.2' } } },
    });
  });

  it.each([
    ['router', router],
    ['IGMPv3 host', host(3)],
    ['IGMPv2 host', host(2)],
  ])('runs a %s with least privilege and a read-only root', (_kind, node) => {
    for (const images of [base, compose]) {
      const hostConfig = containerSpec(ctx, plan, node, images).HostConfig;
      expect(hostConfig).toMatchObject({
        Init: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,size=16m' },
      });
      expect(hostConfig?.Privileged).toBeFalsy();
    }
  });

  it('gives routers NET_ADMIN, NET_RAW, SETUID and SETGID, forwarding on and reverse-path filtering off', () => {
    const hostConfig = containerSpec(ctx, plan, router, compose).HostConfig;
    expect(hostConfig?.CapAdd).toEqual(['NET_ADMIN', 'NET_RAW', 'SETUID', 'SETGID']);
    expect(hostConfig?.Sysctls).toEqual({
      'net.ipv4.ip_forward': '1',
      'net.ipv4.conf.all.rp_filter': '0',
      'net.ipv4.conf.default.rp_filter': '0',
    });
  });

  it('gives routers the forwarding sysctls whatever their IGMP version', () => {
    const hostConfig = containerSpec(ctx, plan, { ...router, igmpVersion: 2 }, compose).HostConfig;
    expect(hostConfig?.Sysctls).not.toHaveProperty(['net.ipv4.conf.all.force_igmp_version']);
    expect(hostConfig?.Sysctls).toHaveProperty(['net.ipv4.ip_forward'], '1');
  });

  it('gives hosts no capabilities, and forces the IGMP version only for IGMPv2', () => {
    const v3 = containerSpec(ctx, plan, host(3), compose).HostConfig;
    expect(v3?.CapAdd).toEqual([]);
    expect(v3?.Sysctls).toEqual({});
    const v2 = containerSpec(ctx, plan, host(2), compose).HostConfig;
    expect(v2?.CapAdd).toEqual([]);
    expect(v2?.Sysctls).toEqual({ 'net.ipv4.conf.all.force_igmp_version': '2' });
  });

  it('runs compose images as built: their own command, only the run directory mounted', () => {
    const routerSpec = containerSpec(ctx, plan, router, compose);
    expect(routerSpec.Image).toBe('mcast-lab/router-sim:x');
    expect(routerSpec).not.toHaveProperty('Cmd');
    expect(routerSpec.HostConfig?.Binds).toEqual(['/tmp/x/demo/r1:/run/mcast-lab']);
    const hostSpec = containerSpec(ctx, plan, host(3), compose);
    expect(hostSpec.Image).toBe('mcast-lab/node-agent:x');
    expect(hostSpec.HostConfig?.Binds).toEqual(['/tmp/x/demo/h1:/run/mcast-lab']);
  });

  it('runs the base image with the app mounted read-only and the entry point for the kind', () => {
    const routerSpec = containerSpec(ctx, plan, router, base);
    expect(routerSpec.Image).toBe('mcast-lab/base:node-v20');
    expect(routerSpec.Cmd).toEqual([
      '/usr/local/bin/node',
      '--enable-source-maps',
      '/app/dist/router-sim/main.js',
    ]);
    expect(routerSpec.HostConfig?.Binds).toEqual(['/repo:/app:ro', '/tmp/x/demo/r1:/run/mcast-lab']);
    const hostSpec = containerSpec(ctx, plan, host(2), base);
    expect(hostSpec.Cmd?.at(-1)).toBe('/app/dist/node-agent/main.js');
    expect(hostSpec.HostConfig?.Binds).toEqual(['/repo:/app:ro', '/tmp/x/demo/h1:/run/mcast-lab']);
  });

  it("mounts an installed package's dependencies (the project's node_modules) where the daemons find them", () => {
    const installed = {
      ...ctx,
      appRoot: '/project/node_modules/mcast-lab',
      appModules: '/project/node_modules',
    };
    expect(containerSpec(installed, plan, router, base).HostConfig?.Binds).toEqual([
      '/project/node_modules/mcast-lab:/app:ro',
      '/project/node_modules:/node_modules:ro',
      '/tmp/x/demo/r1:/run/mcast-lab',
    ]);
  });

  it('never mounts anything writable but the run directory', () => {
    for (const node of [router, host(2), host(3)]) {
      for (const images of [base, compose]) {
        const binds = containerSpec(ctx, plan, node, images).HostConfig?.Binds ?? [];
        const writable = binds.filter((b) => !b.endsWith(':ro'));
        expect(writable).toEqual([`/tmp/x/demo/${node.name}:/run/mcast-lab`]);
      }
    }
  });

  it('refuses a node without interfaces', () => {
    expect(() => containerSpec(ctx, plan, { ...router, interfaces: [] }, compose)).toThrow(
      'node r1 has no interface',
    );
  });
});

describe("containerSpec with the user's own program", () => {
  const program = {
    command: ['node', '/app2/rx.mjs'],
    binds: [{ source: '/home/me/build', target: '/app2', writable: false }],
    env: { MODE: 'fast' },
  };

  it("runs the agent from the host's node binary in a user image, which the user may write in", () => {
    const spec = containerSpec(
      ctx,
      plan,
      { ...host(3), program: { ...program, image: 'my/receiver:1' } },
      base,
    );
    expect(spec.Image).toBe('my/receiver:1');
    expect(spec.Cmd).toEqual(['/opt/mcast-lab/node', '--enable-source-maps', '/app/dist/node-agent/main.js']);
    expect(spec.HostConfig?.Binds).toEqual([
      '/repo:/app:ro',
      `${process.execPath}:/opt/mcast-lab/node:ro`,
      '/home/me/build:/app2:ro',
      '/tmp/x/demo/h1:/run/mcast-lab',
    ]);
    expect(spec.HostConfig?.ReadonlyRootfs).toBe(false);
    expect(spec.Env).toEqual(['MODE=fast']);
  });

  it('runs only the command without the agent: in the base image read-only, in a user image as it is', () => {
    const alone = { ...host(3), daemon: false, program };
    const inBase = containerSpec(ctx, plan, alone, base);
    expect(inBase.Cmd).toEqual(['node', '/app2/rx.mjs']);
    expect(inBase.HostConfig?.Binds).toEqual(['/home/me/build:/app2:ro', '/tmp/x/demo/h1:/run/mcast-lab']);
    expect(inBase.HostConfig?.ReadonlyRootfs).toBe(true);
    const ownImage = containerSpec(ctx, plan, { ...alone, program: { image: 'my/router' } }, base);
    expect(ownImage.Cmd).toBeUndefined(); // the image's own command
    expect(ownImage.HostConfig?.Binds).toEqual(['/tmp/x/demo/h1:/run/mcast-lab']);
  });
});
