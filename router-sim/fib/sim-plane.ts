import { decodeIpv4, encodeIpv4 } from '../wire/ipv4/header.js';
import type { Register } from '../wire/pim/message.js';
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

/** IP protocol 253, for experimentation (RFC 3692): what the simulator's packets claim to carry. */
const SIM_PROTOCOL = 253;

/**
 * The whole IPv4 packet the simulator stands for with (`source`, `group`, `bytes`): `bytes` is whatever
 * the caller counts packets by (the simulated network numbers them with it), carried as the payload.
 */
export function simPacket(source: string, group: string, bytes: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(bytes >>> 0);
  return encodeIpv4({
    src: source,
    dst: group,
    ttl: 16,
    protocol: SIM_PROTOCOL,
    routerAlert: false,
    payload,
  });
}

/** The (`source`, `group`, `bytes`) of a packet made by `simPacket`; undefined for anything else. */
export function readSimPacket(packet: Buffer): { source: string; group: string; bytes: number } | undefined {
  const ip = decodeIpv4(packet);
  if ('error' in ip || ip.protocol !== SIM_PROTOCOL || ip.payload.length !== 4) return undefined;
  return { source: ip.src, group: ip.dst, bytes: ip.payload.readUInt32BE(0) };
}

/**
 * The simulator's forwarding plane, behaving as Linux ipmr does: a packet with no entry raises one
 * NOCACHE upcall and waits (a few per (S,G)) until the entry is added; a packet on the wrong
 * interface is counted and, once enabled, raises WRONGVIF (every time: the kernel's one per 3 s per
 * entry is left out); entries count packets and bytes. A register VIF (PIM sparse mode) transmits nothing: what an
 * entry forwards to it comes back as a WHOLEPKT upcall with the whole packet, and the packet inside
 * a Register addressed to the router arrives on it (`decapsulate`).
 */
export class SimPlane implements ForwardingPlane {
  readonly kind = 'simulated';
  /** Entries by group, then source: lookups with the packet's own strings, no key built per packet. */
  private readonly table = new Map<string, Map<string, MrouteCounters>>();
  private readonly vifTable = new Map<number, VifCounters>();
  private readonly unresolved = new Map<string, { vif: number; bytes: number }[]>();
  private readonly handlers: ((upcall: Upcall) => void)[] = [];
  private registerVif: number | undefined;
  private wrongVifUpcalls = false;

  constructor(private readonly transmit: Transmit) {}

  addVif(vif: Vif): void {
    if (vif.register) this.registerVif = vif.index;
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
    const counters = this.entry(entry.source, entry.group) ?? { packets: 0, bytes: 0, wrongIf: 0 };
    const added = {
      ...entry,
      oifs: [...entry.oifs],
      packets: counters.packets,
      bytes: counters.bytes,
      wrongIf: counters.wrongIf,
    };
    const sources = this.table.get(entry.group) ?? new Map<string, MrouteCounters>();
    this.table.set(entry.group, sources.set(entry.source, added));
    const key = `${entry.source} ${entry.group}`;
    const waiting = this.unresolved.get(key) ?? [];
    this.unresolved.delete(key);
    for (const packet of waiting) this.forward(added, packet.vif, packet.bytes);
  }

  deleteRoute(source: string, group: string): void {
    const sources = this.table.get(group);
    sources?.delete(source);
    if (sources?.size === 0) this.table.delete(group);
  }

  async settled(): Promise<void> {}

  enableWrongVifUpcalls(): void {
    this.wrongVifUpcalls = true;
  }

  async routes(): Promise<MrouteCounters[]> {
    return [...this.table.values()].flatMap((sources) =>
      [...sources.values()].map((r) => ({ ...r, oifs: [...r.oifs] })),
    );
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
    const entry = this.entry(source, group);
    if (entry) {
      this.forward(entry, vif, bytes);
      return;
    }
    const key = `${source} ${group}`;
    const waiting = this.unresolved.get(key);
    if (waiting) {
      if (waiting.length < UNRESOLVED_QUEUE) waiting.push({ vif, bytes });
      return;
    }
    this.unresolved.set(key, [{ vif, bytes }]);
    this.upcall({ kind: 'nocache', vif, source, group });
  }

  /**
   * What the kernel does with a Register addressed to this router (Linux `pim_rcv`): the packet inside
   * a Register that is not a Null-Register arrives on the register VIF, if there is one. The PIM
   * message itself still goes to the daemon.
   */
  decapsulate(register: Register): void {
    if (this.registerVif === undefined || register.nullRegister) return;
    const inner = readSimPacket(register.packet);
    if (inner) this.receive(this.registerVif, inner.source, inner.group, inner.bytes);
  }

  private entry(source: string, group: string): MrouteCounters | undefined {
    return this.table.get(group)?.get(source);
  }

  private forward(entry: MrouteCounters, vif: number, bytes: number): void {
    const { source, group } = entry;
    if (entry.iif !== vif) {
      entry.wrongIf++;
      if (this.wrongVifUpcalls) this.upcall({ kind: 'wrongvif', vif, source, group });
      return;
    }
    entry.packets++;
    entry.bytes += bytes;
    for (const oif of entry.oifs) {
      const out = this.vifTable.get(oif);
      if (!out) continue;
      out.packetsOut++;
      out.bytesOut += bytes;
      if (oif === this.registerVif)
        this.upcall({ kind: 'wholepkt', vif: oif, source, group, packet: simPacket(source, group, bytes) });
      else this.transmit(oif, source, group, bytes);
    }
  }

  private upcall(upcall: Upcall): void {
    for (const handler of this.handlers) handler(upcall);
  }
}
