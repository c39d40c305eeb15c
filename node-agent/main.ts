import { join } from 'node:path';
import { CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME } from '../common/control/protocol.js';
import { serveControl } from '../common/control/server.js';
import { createLogger } from '../common/logger.js';
import { loadNodeConfig } from '../common/node-config.js';
import { CounterTable } from './group/counters.js';
import { IpMulticastTransport } from './transport/ip-multicast.js';
import { nodeAgentVerbs } from './verbs.js';

const log = createLogger('node-agent');
const config = await loadNodeConfig();
const [primary] = config.interfaces;
if (!primary) throw new Error(`host ${config.node} has no interface`);

const counters = new CounterTable();
const transport = new IpMulticastTransport(config.node, primary.address, counters);
const server = await serveControl(
  join(CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME),
  nodeAgentVerbs(config, transport, counters),
);
log.info('ready', { node: config.node, address: primary.address });

process.once('SIGTERM', () => {
  server.close();
  transport.close();
  process.exit(0);
});
