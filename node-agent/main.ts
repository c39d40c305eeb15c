import { join } from 'node:path';
import { CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME, DELIVERY_LOG_NAME } from '../common/control/protocol.js';
import { serveControl } from '../common/control/server.js';
import { createLogger } from '../common/logger.js';
import { loadNodeConfig } from '../common/node-config.js';
import { EventLog, eventsVerb } from '../common/protocol-events.js';
import { UserCommand } from '../common/user-command.js';
import { IpMulticastTransport } from './best-effort/ip-multicast.js';
import { CounterTable } from './best-effort/traffic-counters.js';
import { DeliveryLog } from './edge/delivery-log.js';
import { UdpGroups } from './edge/udp-groups.js';
import { groupVerbs } from './group-verbs.js';
import { withMembershipEvents } from './membership-events.js';
import { nodeAgentVerbs } from './verbs.js';

const log = createLogger('node-agent');
const config = await loadNodeConfig();
const [primary] = config.interfaces;
if (!primary) throw new Error(`host ${config.node} has no interface`);

const counters = new CounterTable();
const transport = new IpMulticastTransport(config.node, primary.address, counters);
const sockets = new UdpGroups(primary.address, config.hosts, (error) =>
  log.error('group socket error', { error: error.message }),
);
const deliveries = new DeliveryLog(join(CONTAINER_RUN_DIR, DELIVERY_LOG_NAME));
const events = new EventLog(config.node);
const groups = groupVerbs(config, sockets, deliveries, events);
const command = config.command && new UserCommand(config.command, CONTAINER_RUN_DIR, log);
const server = await serveControl(join(CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME), {
  ...withMembershipEvents(
    { ...nodeAgentVerbs(config, transport, counters, groups.stats, command), ...groups.verbs },
    events,
  ),
  events: eventsVerb(events),
});
log.info('ready', { node: config.node, address: primary.address });

process.once('SIGTERM', async () => {
  server.close();
  command?.stop();
  transport.close();
  sockets.closeAll();
  await deliveries.close();
  process.exit(0);
});
