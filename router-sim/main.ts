import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME } from '../common/control/protocol.js';
import { serveControl } from '../common/control/server.js';
import { createLogger } from '../common/logger.js';
import { loadNodeConfig } from '../common/node-config.js';

const log = createLogger('router-sim');
const config = await loadNodeConfig();
const startedAt = Date.now();

/** Forwarding is enabled by the sysctl set when the container is created; report what the kernel says. */
const ipForwarding = async () => (await readFile('/proc/sys/net/ipv4/ip_forward', 'utf8')).trim() === '1';

const server = await serveControl(join(CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME), {
  ping: () => 'pong',
  status: async () => ({
    node: config.node,
    lab: config.lab,
    kind: config.kind,
    pim: config.pim,
    profile: config.profile,
    ipForwarding: await ipForwarding(),
    uptimeMs: Date.now() - startedAt,
    interfaces: Object.entries(networkInterfaces())
      .filter(([name]) => name !== 'lo')
      .map(([name, addresses]) => ({ name, addresses: (addresses ?? []).map((a) => a.cidr) })),
  }),
});
log.info('ready', { node: config.node, ipForwarding: await ipForwarding() });

process.once('SIGTERM', () => server.close(() => process.exit(0)));
