import { join } from 'node:path';
import { systemClock } from '../common/clock.js';
import { CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME } from '../common/control/protocol.js';
import { serveControl } from '../common/control/server.js';
import { createLogger } from '../common/logger.js';
import { loadNodeConfig } from '../common/node-config.js';
import { EventLog, eventsVerb } from '../common/protocol-events.js';
import { UserCommand } from '../common/user-command.js';
import { discoverLinks } from './io/links.js';
import { startMulticastRouting } from './multicast-router.js';
import { routerVerbs } from './verbs.js';

/** router-sim: IGMP querier on every interface and kernel multicast forwarding between them. */
const log = createLogger('router-sim');
const config = await loadNodeConfig();
const links = await discoverLinks(config);
const events = new EventLog(config.node);
// With `multicast: none` the kernel's multicast routing is left to whatever the user runs.
const router = config.multicastRouting
  ? await startMulticastRouting(config, links, systemClock, log, events)
  : undefined;

const command = config.command && new UserCommand(config.command, CONTAINER_RUN_DIR, log);
const server = await serveControl(join(CONTAINER_RUN_DIR, CONTROL_SOCKET_NAME), {
  ...routerVerbs({ config, links, router, command }),
  events: eventsVerb(events),
});
log.info('ready', {
  node: config.node,
  multicastRouting: Boolean(router),
  forwardingPlane: router?.plane.kind ?? null,
  links: links.map((l) => `${l.name}=${l.address}`),
});

process.once('SIGTERM', async () => {
  server.close();
  command?.stop();
  await router?.stop();
  process.exit(0);
});
