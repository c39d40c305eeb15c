import type {
  ForwardingPlane,
  MrouteCounters,
  MrouteEntry,
  Upcall,
  Vif,
  VifCounters,
} from './forwarding-plane.js';

/** Packets the kernel holds per unresolved (S,G) while the daemon answers the upcall. */
const UNRESOLVED_QUEUE = 3;

type Transmit = (vif: number, source: string, group: string, bytes: number) => void;

/**
 * The simulator's forwarding plane, behaving as Linux ipmr does: a packet with no entry raises one
 * NOCACHE upcall and waits (a few per (S,G)) until the entry is added; a packet on the wrong
 * interface is counted and raises WRONGVIF; entries count packets and bytes.
 */
export class SimPlane implements ForwardingPlane {
  private readonly table = new Map<string, MrouteCounters>();
  private readonly vifTable = new Map<number, VifCounters>();
  private readonly unresolved = new Map<string, { vif: number; bytes: number }[]>();
  private readonly handlers: ((upcall: Upcall) => void)[] = [];

  constructor(private readonly transmit: Transmit) {}

  addVif(vif: Vif): void {
    this.vifTable.set(vif.index, {
      index: vif.index,
      name: vif.name,
      packetsIn: 0,
      bytesIn: 0,
      packetsOut: 0,
      bytesOut: 0,
    });
  }

  setRoute(entry: MrouteEntry): void {
    const key = `${entry.source} ${entry.group}`;
    const counters = this.table.get(key) ?? { packets: 0, bytes: 0, wrongIf: 0 };
    this.table.set(key, {
      ...entry,
      oifs: [...entry.oifs],
      packets: counters.packets,
      bytes: counters.bytes,
      wrongIf: counters.wrongIf,
    });
    const waiting = this.unresolved.get(key) ?? [];
    this.unresolved.delete(key);
    for (const packet of waiting) this.forward(packet.vif, entry.source, entry.group, packet.bytes);
  }

  deleteRoute(source: string, group: string): void {
    this.table.delete(`${source} ${group}`);
  }

  async routes(): Promise<MrouteCounters[]> {
    return [...this.table.values()].map((r) => ({ ...r, oifs: [...r.oifs] }));
  }

  async vifs(): Promise<VifCounters[]> {
    return [...this.vifTable.values()].map((v) => ({ ...v }));
  }

  onUpcall(handler: (upcall: Upcall) => void): void {
    this.handlers.push(handler);
  }

  close(): void {
    this.table.clear();
    this.unresolved.clear();
  }

  /** A data packet from `source` to `group` arrives on `vif`. */
  receive(vif: number, source: string, group: string, bytes: number): void {
    const counters = this.vifTable.get(vif);
    if (!counters) return; // not a multicast routing interface
    counters.packetsIn++;
    counters.bytesIn += bytes;
    const key = `${source} ${group}`;
    if (this.table.has(key)) {
      this.forward(vif, source, group, bytes);
      return;
    }
    const waiting = this.unresolved.get(key);
    if (waiting) {
      if (waiting.length < UNRESOLVED_QUEUE) waiting.push({ vif, bytes });
      return;
    }
    this.unresolved.set(key, [{ vif, bytes }]);
    this.upcall({ kind: 'nocache', vif, source, group });
  }

  private forward(vif: number, source: string, group: string, bytes: number): void {
    const entry = this.table.get(`${source} ${group}`);
    if (!entry) return;
    if (entry.iif !== vif) {
      entry.wrongIf++;
      this.upcall({ kind: 'wrongvif', vif, source, group });
      return;
    }
    entry.packets++;
    entry.bytes += bytes;
    for (const oif of entry.oifs) {
      const out = this.vifTable.get(oif);
      if (!out) continue;
      out.packetsOut++;
      out.bytesOut += bytes;
      this.transmit(oif, source, group, bytes);
    }
  }

  private upcall(upcall: Upcall): void {
    for (const handler of this.handlers) handler(upcall);
  }
}
