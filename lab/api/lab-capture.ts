import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeContext } from '../docker/context.js';
import { captureNetwork } from '../measure/capture.js';
import { type CapturedPacket, readPcap } from '../measure/pcap.js';

/** A capture in progress on one network. */
export interface LabCapture {
  /** The pcap file (Wireshark, tcpdump -r); it outlives the lab. */
  file: string;
  /** Stops capturing; the packets are decoded as far as IGMP, PIM and UDP. */
  stop(): Promise<{ file: string; packets: CapturedPacket[] }>;
}

let captures = 0;

/** tcpdump on the network's bridge: every frame any of its ports forwards. */
export async function startCapture(
  ctx: RuntimeContext,
  lab: string,
  network: string,
  options: { filter?: string; file?: string },
): Promise<LabCapture> {
  const file =
    options.file ?? join(tmpdir(), `mcast-lab-${lab}-${network}-${process.pid}-${++captures}.pcap`);
  const stopped = new AbortController();
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const done = captureNetwork(ctx, lab, network, {
    file,
    filter: options.filter ? options.filter.split(/\s+/) : [],
    signal: stopped.signal,
    onListening: () => listening(),
  });
  // Either tcpdump listens, or the capture ended first (bad network, bad filter): that error is the answer.
  await Promise.race([ready, done]);
  return {
    file,
    stop: async () => {
      stopped.abort();
      await done;
      return { file, packets: readPcap(await readFile(file)) };
    },
  };
}
