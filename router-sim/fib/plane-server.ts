import { createInterface } from 'node:readline';
import { systemClock } from '../../common/clock.js';
import type { ForwardingChoice } from '../../common/node-config.js';
import type { MrouteEntry, Vif } from './forwarding-plane.js';
import { openForwardingPlane } from './open-plane.js';

/**
 * Drives a kernel forwarding plane (argument: kernel-mroute or nftables) over stdin/stdout, one JSON
 * object per line, so a test can run it inside a router's network namespace (`nsenter -t PID -n node
 * plane-server.js PLANE`) and hold it to the same conformance checks as the simulated plane. Commands:
 * addVif, setRoute, deleteRoute, routes, vifs; WRONGVIF upcalls are on; changes are answered once in force; every answer carries
 * the command's id; upcalls are pushed as { upcall }. A plane that cannot open is reported as
 * { unavailable: reason }.
 */
const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
const plane = await openForwardingPlane(process.argv[2] as ForwardingChoice, {
  clock: systemClock,
  onIgmpPacket: () => {}, // IGMP is not this tool's business
  onError: (error) => write({ error: error.message }),
}).catch((error: Error) => {
  write({ unavailable: error.message });
  process.exit(0);
});
plane.onUpcall((upcall) => write({ upcall }));
plane.enableWrongVifUpcalls();

const operations: Record<string, (args: Record<string, unknown>) => unknown> = {
  addVif: (args) => plane.addVif(args.vif as Vif),
  setRoute: (args) => plane.setRoute(args.entry as MrouteEntry),
  deleteRoute: (args) => plane.deleteRoute(args.source as string, args.group as string),
  routes: () => plane.routes(),
  vifs: () => plane.vifs(),
};

createInterface({ input: process.stdin })
  .on('line', async (line) => {
    const { id, op, ...args } = JSON.parse(line) as { id: number; op: string } & Record<string, unknown>;
    try {
      const operation = operations[op];
      if (!operation) throw new Error(`unknown operation ${op}`);
      const result = await operation(args);
      await plane.settled();
      write({ id, result: result ?? null });
    } catch (error) {
      write({ id, error: (error as Error).message });
    }
  })
  .on('close', () => plane.close());
write({ ready: plane.kind });
