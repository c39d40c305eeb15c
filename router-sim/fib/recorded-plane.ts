import type { EventLog } from '../../common/protocol-events.js';
import type { Register } from '../wire/pim/message.js';
import type {
  ForwardingPlane,
  MrouteCounters,
  MrouteEntry,
  Upcall,
  Vif,
  VifCounters,
} from './forwarding-plane.js';

/**
 * A forwarding plane that also records each (S,G) entry it is given when the entry's interfaces
 * change, and each one removed: where the routing sends a group's data, as protocol events.
 */
export class RecordedPlane<P extends ForwardingPlane> implements ForwardingPlane {
  private readonly programmed = new Map<string, string>();

  constructor(
    private readonly plane: P,
    private readonly events: EventLog,
    private readonly interfaceName: (vif: number) => string,
  ) {}

  get kind(): P['kind'] {
    return this.plane.kind;
  }

  setRoute(entry: MrouteEntry): void {
    const key = `(${entry.source},${entry.group})`;
    const to = `${this.interfaceName(entry.iif)} → ${entry.oifs.map(this.interfaceName).join(' ') || '(none)'}`;
    const from = this.programmed.get(key);
    if (from !== to)
      this.events.record({ machine: 'mroute', key, ...(from ? { from } : {}), event: 'set', to });
    this.programmed.set(key, to);
    this.plane.setRoute(entry);
  }

  deleteRoute(source: string, group: string): void {
    const key = `(${source},${group})`;
    const from = this.programmed.get(key);
    this.programmed.delete(key);
    this.events.record({ machine: 'mroute', key, ...(from ? { from } : {}), event: 'deleted' });
    this.plane.deleteRoute(source, group);
  }

  addVif(vif: Vif): void {
    this.plane.addVif(vif);
  }
  settled(): Promise<void> {
    return this.plane.settled();
  }
  routes(): Promise<MrouteCounters[]> {
    return this.plane.routes();
  }
  vifs(): Promise<VifCounters[]> {
    return this.plane.vifs();
  }
  onUpcall(handler: (upcall: Upcall) => void): void {
    this.plane.onUpcall(handler);
  }
  enableWrongVifUpcalls(): void {
    this.plane.enableWrongVifUpcalls();
  }
  decapsulate(register: Register): void {
    this.plane.decapsulate(register);
  }
  close(): void {
    this.plane.close();
  }
}
