import type { Clock } from '../../common/clock.js';
import type { LanPort, SimLan } from '../../common/sim/lan.js';
import type { Random } from '../../common/sim/random.js';
import type { Observation } from '../../common/state-machine.js';
import type { IgmpMessage, MembershipQuery } from '../wire/igmp/message.js';
import type { IgmpPort } from './port.js';
import type { RouterVersion } from './queries.js';
import { IgmpRouterInterface } from './router-interface.js';
import type { IgmpTimers } from './timers.js';

/** Helpers for the tests: what travels on a simulated LAN, and the routers and hosts on it. */

export interface IgmpFrame {
  message: IgmpMessage;
  destination: string;
}

export interface Sent extends IgmpFrame {
  at: number;
}

export interface Heard {
  at: number;
  message: IgmpMessage;
  from: string;
}

export interface MembershipEvent {
  at: number;
  group: string;
  hasMembers: boolean;
}

/** A port that keeps what is sent, stamped with the clock's time. */
export function recordingPort(clock: Clock): IgmpPort & { sent: Sent[] } {
  const sent: Sent[] = [];
  return { sent, send: (message, destination) => sent.push({ at: clock.now(), message, destination }) };
}

export interface LanRouter {
  router: IgmpRouterInterface;
  sent: Sent[];
  heard: Heard[];
  membership: MembershipEvent[];
  /** The router stops and its port leaves the LAN, as when its node dies. */
  crash(): void;
}

/** A started router interface on `lan`, keeping what it sends and its membership events. */
export function lanRouter(
  lan: SimLan<IgmpFrame>,
  clock: Clock,
  address: string,
  timers: IgmpTimers,
  version: RouterVersion = 3,
  observed?: Observation,
): LanRouter {
  const sent: Sent[] = [];
  const heard: Heard[] = [];
  const membership: MembershipEvent[] = [];
  const port = lan.attach(address, (frame, from) => {
    heard.push({ at: clock.now(), message: frame.message, from });
    router.receive(frame.message, from);
  });
  const router = new IgmpRouterInterface({
    clock,
    address,
    version,
    timers,
    port: {
      send: (message, destination) => {
        sent.push({ at: clock.now(), message, destination });
        port.send({ message, destination });
      },
    },
    onMembership: (group, hasMembers) => membership.push({ at: clock.now(), group, hasMembers }),
    observed,
  });
  router.start();
  return {
    router,
    sent,
    heard,
    membership,
    crash: () => {
      router.stop();
      port.detach();
    },
  };
}

/**
 * A host that stays a member of one group: it answers each query for all groups or for its group with
 * one report after a random delay within the query's Max Resp Time (RFC 2236 §3, RFC 3376 §5.2). It
 * keeps at most one answer pending, as hosts do.
 */
export class SimMember {
  private answerAt: number | undefined;
  private readonly port: LanPort<IgmpFrame>;

  constructor(
    lan: SimLan<IgmpFrame>,
    private readonly clock: Clock,
    private readonly random: Random,
    address: string,
    private readonly group: string,
    private readonly version: 2 | 3,
  ) {
    this.port = lan.attach(address, (frame) => {
      if (frame.message.type === 'query') this.queried(frame.message);
    });
  }

  /** An unsolicited report, as on joining. */
  report(): void {
    if (this.version === 2)
      this.port.send({ message: { type: 'v2-report', group: this.group }, destination: this.group });
    else {
      const message: IgmpMessage = {
        type: 'v3-report',
        records: [{ type: 'MODE_IS_EXCLUDE', group: this.group, sources: [] }],
      };
      this.port.send({ message, destination: '224.0.0.22' });
    }
  }

  private queried(query: MembershipQuery): void {
    if (query.group !== '0.0.0.0' && query.group !== this.group) return;
    const at = this.clock.now() + this.random.next() * query.maxRespTimeMs;
    if (this.answerAt !== undefined && this.answerAt <= at) return;
    this.answerAt = at;
    this.clock.setTimer(at - this.clock.now(), () => {
      if (this.answerAt !== at) return;
      this.answerAt = undefined;
      this.report();
    });
  }
}
