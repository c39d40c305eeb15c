import { networkInterfaces } from 'node:os';
import type { RawSocket } from 'raw-socket';
import type { Clock, Timer } from '../../common/clock.js';
import { listenForIgmp, openIgmpSocket } from '../io/igmp-socket.js';
import { RawSender } from '../io/raw-sender.js';
import { readIpv4Address } from '../wire/ipv4/address.js';
import type { Register } from '../wire/pim/message.js';
import { completeUdpChecksum, forwardedCopy } from './forwarded-copy.js';
import type {
  ForwardingPlane,
  MrouteCounters,
  MrouteEntry,
  Upcall,
  Vif,
  VifCounters,
} from './forwarding-plane.js';
import { listenNflog } from './nflog-listener.js';
import type { NflogRecord } from './nflog-records.js';
import {
  deleteEntryRuleset,
  dropTableRuleset,
  entryNames,
  entryRuleset,
  TABLE,
  tableRuleset,
  UNRESOLVED_PACKETS,
  UNRESOLVED_SECONDS,
  type UpcallPrefix,
  type VifDevice,
  vifCounter,
  vifRuleset,
} from './nft-ruleset.js';
import { NftRunner } from './nft-runner.js';

/** The NFLOG group the plane's rules log upcalls to (NFLOG groups are per network namespace). */
const NFLOG_GROUP = 42;
/** Linux ipmr raises WRONGVIF at most once per 3 s per entry. */
const WRONGVIF_INTERVAL_MS = 3_000;

interface Counts {
  packets: number;
  bytes: number;
}
const zero = (): Counts => ({ packets: 0, bytes: 0 });

/** What the plane forwards itself: packets held for an unresolved entry and decapsulated Registers. */
interface Entry {
  route: MrouteEntry;
  forwarded: Counts;
  wrongIf: number;
  lastWrongVifUpcall: number;
}

/**
 * Kernel multicast forwarding for kernels without the mroute API: netdev ingress rules on every link
 * do the forwarding (`nft-ruleset.ts`), upcalls come whole from NFLOG, IGMP through a raw socket. What
 * the mroute API's kernel does in its own code, this plane does here: it holds the first packets of an
 * unresolved (S,G) and sends them on once the daemon adds the entry, and it is the register VIF —
 * Registers addressed to the router are decapsulated and their packets forwarded from here, TTL lowered.
 */
export class NftPlane implements ForwardingPlane {
  readonly kind = 'nftables';
  /** By VIF: the device the rules name, its sender, and what was forwarded from here. */
  private readonly devices = new Map<
    number,
    VifDevice & { sender?: RawSender; counts: { in: Counts; out: Counts } }
  >();
  private readonly vifByIfindex = new Map<number, number>();
  private readonly entries = new Map<string, Entry>();
  private readonly unresolved = new Map<string, { vif: number; packet: Buffer; expiry: Timer }[]>();
  private readonly handlers: ((upcall: Upcall) => void)[] = [];
  private registerVif: number | undefined;
  private wrongVifUpcalls = false;
  private nflog: { close(): void } | undefined;

  private constructor(
    private readonly clock: Clock,
    private readonly runner: NftRunner,
    private readonly igmp: RawSocket,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Installs the table and listens for upcalls; fails with nft's or tcpdump's message if it cannot. */
  static async open(
    clock: Clock,
    onIgmpPacket: (packet: Buffer) => void,
    onError: (error: Error) => void,
  ): Promise<NftPlane> {
    const runner = new NftRunner(onError);
    await runner.now(tableRuleset(NFLOG_GROUP));
    const plane = new NftPlane(clock, runner, openIgmpSocket(onIgmpPacket, onError), onError);
    plane.nflog = await listenNflog(NFLOG_GROUP, (record) => plane.logged(record), onError);
    return plane;
  }

  addVif(vif: Vif): void {
    const counts = { in: zero(), out: zero() };
    if (vif.register) {
      this.registerVif = vif.index;
      this.devices.set(vif.index, { device: vif.name, mac: '', register: true, counts });
      this.runner.apply(vifRuleset(vif.index, undefined));
      return;
    }
    const mac = networkInterfaces()[vif.name]?.[0]?.mac;
    if (!mac) throw new Error(`interface ${vif.name} has no address here`);
    const sender = new RawSender(vif.name, this.onError);
    this.devices.set(vif.index, { device: vif.name, mac, register: false, sender, counts });
    this.vifByIfindex.set(vif.ifindex, vif.index);
    this.runner.apply(vifRuleset(vif.index, vif.name));
    listenForIgmp(this.igmp, vif.ifindex);
  }

  enableWrongVifUpcalls(): void {
    this.wrongVifUpcalls = true;
  }

  setRoute(route: MrouteEntry): void {
    const key = `${route.source} ${route.group}`;
    const entry = this.entries.get(key) ?? {
      route,
      forwarded: zero(),
      wrongIf: 0,
      lastWrongVifUpcall: -Infinity,
    };
    entry.route = { ...route, oifs: [...route.oifs] };
    this.entries.set(key, entry);
    this.runner.apply(
      entryRuleset(route, this.devices, { nflogGroup: NFLOG_GROUP, wrongVifUpcalls: this.wrongVifUpcalls }),
    );
    const held = this.unresolved.get(key) ?? [];
    this.unresolved.delete(key);
    for (const { vif, packet, expiry } of held) {
      expiry.cancel();
      this.arrive(vif, packet);
    }
  }

  deleteRoute(source: string, group: string): void {
    if (!this.entries.delete(`${source} ${group}`)) return;
    this.runner.apply(deleteEntryRuleset(source, group));
  }

  settled(): Promise<void> {
    return this.runner.settled();
  }

  async routes(): Promise<MrouteCounters[]> {
    const counters = await this.counters();
    return [...this.entries.values()].map(({ route, forwarded, wrongIf }) => {
      const names = entryNames(route.source, route.group);
      const inKernel = counters.get(names.counter) ?? zero();
      return {
        ...route,
        oifs: [...route.oifs],
        packets: inKernel.packets + forwarded.packets,
        bytes: inKernel.bytes + forwarded.bytes,
        wrongIf: (counters.get(names.wrongCounter)?.packets ?? 0) + wrongIf,
      };
    });
  }

  async vifs(): Promise<VifCounters[]> {
    const counters = await this.counters();
    return [...this.devices].map(([index, { device, counts: own }]) => {
      const kernelIn = counters.get(vifCounter(index, 'in')) ?? zero();
      const kernelOut = counters.get(vifCounter(index, 'out')) ?? zero();
      return {
        index,
        name: device,
        packetsIn: kernelIn.packets + own.in.packets,
        bytesIn: kernelIn.bytes + own.in.bytes,
        packetsOut: kernelOut.packets + own.out.packets,
        bytesOut: kernelOut.bytes + own.out.bytes,
      };
    });
  }

  onUpcall(handler: (upcall: Upcall) => void): void {
    this.handlers.push(handler);
  }

  decapsulate(register: Register): void {
    if (this.registerVif === undefined || register.nullRegister) return;
    this.arrive(this.registerVif, register.packet);
  }

  close(): void {
    this.nflog?.close();
    for (const held of this.unresolved.values()) for (const { expiry } of held) expiry.cancel();
    for (const { sender } of this.devices.values()) sender?.close();
    this.igmp.close();
    this.runner.runSync(dropTableRuleset());
  }

  /** A packet the rules logged: the upcall its prefix names. */
  private logged({ prefix, indev, packet }: NflogRecord): void {
    const kind = prefix as UpcallPrefix;
    // It may be forwarded from here, or put in a Register.
    completeUdpChecksum(packet);
    const source = readIpv4Address(packet, 12);
    const group = readIpv4Address(packet, 16);
    if (kind === 'wholepkt') {
      if (this.registerVif !== undefined) this.upcall({ kind, vif: this.registerVif, source, group, packet });
      return;
    }
    const vif = this.vifByIfindex.get(indev);
    if (vif === undefined) return;
    if (kind === 'wrongvif') this.upcall({ kind, vif, source, group });
    // Its entry may have come meanwhile, before its rules.
    else if (kind === 'nocache') this.arrive(vif, packet);
  }

  /**
   * A packet arriving where the rules cannot see it — on the register VIF, or held while its entry
   * was unresolved: forwarded here as the rules would.
   */
  private arrive(vif: number, packet: Buffer): void {
    const source = readIpv4Address(packet, 12);
    const group = readIpv4Address(packet, 16);
    const entry = this.entries.get(`${source} ${group}`);
    if (!entry) {
      this.unresolvedPacket(vif, source, group, packet);
      return;
    }
    const { route } = entry;
    if (route.iif !== vif) {
      entry.wrongIf++;
      const now = this.clock.now();
      if (this.wrongVifUpcalls && now - entry.lastWrongVifUpcall >= WRONGVIF_INTERVAL_MS) {
        entry.lastWrongVifUpcall = now;
        this.upcall({ kind: 'wrongvif', vif, source, group });
      }
      return;
    }
    add(entry.forwarded, packet.length);
    this.count(vif, 'in', packet.length);
    const copy = forwardedCopy(packet);
    for (const oif of route.oifs) {
      const out = this.devices.get(oif);
      if (!out || oif === vif) continue;
      if (out.register) {
        this.count(oif, 'out', packet.length);
        this.upcall({ kind: 'wholepkt', vif: oif, source, group, packet });
      } else if (copy && out.sender) {
        this.count(oif, 'out', copy.length);
        out.sender.send(copy, group).catch(this.onError);
      }
    }
  }

  /** A packet with no entry: held a while, and the first of its (S,G) raises NOCACHE. */
  private unresolvedPacket(vif: number, source: string, group: string, packet: Buffer): void {
    const key = `${source} ${group}`;
    const held = this.unresolved.get(key) ?? [];
    if (held.length >= UNRESOLVED_PACKETS) return;
    const expiry = this.clock.setTimer(UNRESOLVED_SECONDS * 1000, () => {
      const rest = (this.unresolved.get(key) ?? []).filter((h) => h.expiry !== expiry);
      if (rest.length === 0) this.unresolved.delete(key);
      else this.unresolved.set(key, rest);
    });
    this.unresolved.set(key, [...held, { vif, packet: Buffer.from(packet), expiry }]);
    if (held.length === 0) this.upcall({ kind: 'nocache', vif, source, group });
  }

  private count(vif: number, direction: 'in' | 'out', bytes: number): void {
    const counts = this.devices.get(vif)?.counts;
    if (counts) add(counts[direction], bytes);
  }

  private async counters(): Promise<Map<string, Counts>> {
    await this.runner.settled();
    const listing = await this.runner.json<{ nftables: { counter?: { name: string } & Counts }[] }>([
      'list',
      'counters',
      'table',
      'netdev',
      TABLE,
    ]);
    return new Map(
      listing.nftables.flatMap(({ counter }) =>
        counter ? [[counter.name, { packets: counter.packets, bytes: counter.bytes }]] : [],
      ),
    );
  }

  private upcall(upcall: Upcall): void {
    for (const handler of this.handlers) handler(upcall);
  }
}

function add(counts: Counts, bytes: number): void {
  counts.packets++;
  counts.bytes += bytes;
}
