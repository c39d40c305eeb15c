import { createInterface } from 'node:readline';
import type { MrouteEntry, Vif } from './forwarding-plane.js';
import { KernelPlane } from './kernel-plane.js';

/**
 * Drives a KernelPlane over stdin/stdout, one JSON object per line, so a test can run the kernel plane
 * inside a router's network namespace (`nsenter -t PID -n node plane-server.js`) and hold it to the
 * same conformance checks as the simulated plane. Commands: addVif, setRoute, deleteRoute, routes,
 * vifs; every answer carries the command's id; upcalls are pushed as { upcall }.
 */
const write = (message: unknown) => process.stdout.write(`${JSON.stringify(message)}\n`);
const plane = new KernelPlane(
  () => {}, // IGMP is not this tool's business
  (error) => write({ error: error.message }),
);
plane.onUpcall((upcall) => write({ upcall }));

const operations: Record<string, (args: Record<string, unknown>) => unknown> = {
  addVif: (args) => plane.addVif(args.vif as Vif),
  setRoute: (args) => plane.setRoute(args.entry as MrouteEntry),
  deleteRoute: (args) => plane.deleteRoute(args.source as string, args.group as string),
  routes: () => plane.routes(),
  vifs: () => plane.vifs(),
};

createInterface({ input: process.stdin }).on('line', async (line) => {
  const { id, op, ...args } = JSON.parse(line) as { id: number; op: string } & Record<string, unknown>;
  try {
    const operation = operations[op];
    if (!operation) throw new Error(`unknown operation ${op}`);
    write({ id, result: (await operation(args)) ?? null });
  } catch (error) {
    write({ id, error: (error as Error).message });
  }
});
