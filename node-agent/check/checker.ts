import type { DeliveryRecord } from '../group-types/delivery-record.js';
import type { Ordering, Reliability } from '../group-types/options.js';
import { causalPasts } from './causality.js';
import { incarnationKey, messageKey } from './keys.js';

export type Property = 'integrity' | 'validity' | 'agreement' | 'fifo' | 'causal' | 'total' | 'flush';

export interface Violation {
  property: Property;
  node?: string;
  detail: string;
}

export interface CheckSpec {
  reliability: Reliability;
  ordering: Ordering;
  /** Check only this group's records; by default every group in the logs, each on its own. */
  group?: string;
  /**
   * How many messages each sender sent, numbered from 0, when the caller knows (a simulator does):
   * validity then also covers messages that nobody delivered.
   */
  sent?: Record<string, number>;
  /** Stop after this many violations (default 50). */
  limit?: number;
}

/**
 * Checks group-communication properties from delivery logs alone (node → records in delivery order).
 * Every log must come from a member that stayed in the group throughout.
 *
 * - integrity: no message twice in a log; one message id always means one payload and sequence number.
 * - validity and agreement (reliable groups only): every member delivers every message any member
 *   delivered, a sender delivers its own messages, and no sequence number is missing everywhere while
 *   later ones arrived. Best-effort is exempt: loss may leave any member without any message.
 * - fifo (every ordering but none): each log has each sender's messages in sequence-number order.
 * - causal: a message comes after everything in its causal past (derived from the logs, see causality.ts).
 * - total (total-sequencer, total-isis): any two logs order their common messages the same way.
 * For best-effort groups the ordering properties apply to what was delivered.
 */
export function checkDeliveries(
  logs: Record<string, readonly DeliveryRecord[]>,
  spec: CheckSpec,
): Violation[] {
  const groups = spec.group
    ? [spec.group]
    : [...new Set(Object.values(logs).flatMap((log) => log.map((r) => r.group)))];
  const violations: Violation[] = [];
  const limit = spec.limit ?? 50;
  const report = (v: Violation) => {
    if (violations.length < limit) violations.push(v);
  };
  for (const group of groups) {
    const byNode = new Map(
      Object.entries(logs).map(([node, log]) => [node, log.filter((r) => r.group === group)]),
    );
    checkIntegrity(byNode, report);
    if (spec.reliability !== 'best-effort') checkValidityAndAgreement(byNode, spec.sent, report);
    if (spec.ordering !== 'none') checkFifo(byNode, report);
    if (spec.ordering === 'causal') checkCausal(byNode, report);
    if (spec.ordering === 'total-sequencer' || spec.ordering === 'total-isis') checkTotal(byNode, report);
  }
  return violations;
}

type Logs = Map<string, DeliveryRecord[]>;
type Report = (v: Violation) => void;

function checkIntegrity(logs: Logs, report: Report): void {
  const first = new Map<string, DeliveryRecord>();
  for (const [node, log] of logs) {
    const seen = new Set<string>();
    for (const r of log) {
      const key = messageKey(r);
      if (seen.has(key)) report({ property: 'integrity', node, detail: `${describe(r)} delivered twice` });
      seen.add(key);
      const other = first.get(key);
      if (!other) first.set(key, r);
      else if (
        other.sha256 !== r.sha256 ||
        other.seq !== r.seq ||
        incarnationKey(other) !== incarnationKey(r)
      ) {
        report({ property: 'integrity', node, detail: `${describe(r)} differs from another member's copy` });
      }
    }
  }
}

function checkValidityAndAgreement(
  logs: Logs,
  sent: Record<string, number> | undefined,
  report: Report,
): void {
  const union = new Map<string, DeliveryRecord>();
  for (const log of logs.values())
    for (const r of log) if (!union.has(messageKey(r))) union.set(messageKey(r), r);

  // No hole in a stream's numbering: a message nobody delivered, while later ones were.
  const seqs = new Map<string, number[]>();
  for (const r of union.values()) pushTo(seqs, incarnationKey(r), r.seq);
  for (const [stream, list] of seqs) {
    list.sort((a, b) => a - b);
    for (let i = 1; i < list.length; i++) {
      const [before = 0, after = 0] = [list[i - 1], list[i]];
      if (after > before + 1) {
        report({
          property: 'validity',
          detail: `${stream.split('\u0000')[0]} seq ${before + 1}..${after - 1} delivered nowhere`,
        });
      }
    }
  }
  for (const [sender, count] of Object.entries(sent ?? {})) {
    const numbered = new Set([...union.values()].filter((r) => r.sender === sender).map((r) => r.seq));
    const missing = Array.from({ length: count }, (_, seq) => seq).filter((seq) => !numbered.has(seq));
    if (missing.length > 0) {
      report({
        property: 'validity',
        detail: `${sender} sent seq ${missing.slice(0, 5).join(',')}… delivered nowhere`,
      });
    }
  }
  const delivered = new Map([...logs].map(([node, log]) => [node, new Set(log.map(messageKey))]));
  for (const r of union.values()) {
    const own = delivered.get(r.sender);
    if (own && !own.has(messageKey(r))) {
      report({
        property: 'validity',
        node: r.sender,
        detail: `${describe(r)} not delivered by its own sender`,
      });
    }
  }
  for (const [node, have] of delivered) {
    const missing = [...union.values()].filter((r) => !have.has(messageKey(r)));
    if (missing.length > 0) {
      report({
        property: 'agreement',
        node,
        detail: `misses ${missing.length} message(s) others delivered, e.g. ${missing.slice(0, 3).map(describe).join(', ')}`,
      });
    }
  }
}

function checkFifo(logs: Logs, report: Report): void {
  for (const [node, log] of logs) {
    const last = new Map<string, DeliveryRecord>();
    for (const r of log) {
      const before = last.get(incarnationKey(r));
      if (before && r.seq <= before.seq) {
        report({ property: 'fifo', node, detail: `${describe(r)} delivered after ${describe(before)}` });
      }
      if (!before || r.seq > before.seq) last.set(incarnationKey(r), r);
    }
  }
}

function checkCausal(logs: Logs, report: Report): void {
  const pasts = causalPasts(logs, (node, r) =>
    report({ property: 'causal', node, detail: `${describe(r)} is in its own causal past` }),
  );
  for (const [node, log] of logs) {
    // Per stream: delivered sequence numbers ascending, with the latest log position among them so far.
    const index = new Map<string, { seqs: number[]; latest: number[] }>();
    const byStream = new Map<string, [number, number][]>();
    log.forEach((r, position) => {
      pushTo(byStream, incarnationKey(r), [r.seq, position]);
    });
    for (const [stream, pairs] of byStream) {
      pairs.sort((a, b) => a[0] - b[0]);
      let latest = -1;
      index.set(stream, {
        seqs: pairs.map(([seq]) => seq),
        latest: pairs.map(([, position]) => {
          latest = Math.max(latest, position);
          return latest;
        }),
      });
    }
    log.forEach((r, position) => {
      for (const [stream, bound] of pasts.get(messageKey(r)) ?? []) {
        const entry = index.get(stream);
        if (!entry) continue;
        const upto = stream === incarnationKey(r) ? bound - 1 : bound;
        const i = lastAtMost(entry.seqs, upto);
        if (i >= 0 && (entry.latest[i] ?? -1) > position) {
          report({
            property: 'causal',
            node,
            detail: `${describe(r)} delivered before a message of ${stream.split('\u0000')[0]} (seq ≤ ${upto}) in its causal past`,
          });
          return;
        }
      }
    });
  }
}

function checkTotal(logs: Logs, report: Report): void {
  const nodes = [...logs.keys()];
  const keysOf = new Map(nodes.map((n) => [n, (logs.get(n) ?? []).map(messageKey)]));
  for (let a = 0; a < nodes.length; a++) {
    for (let b = a + 1; b < nodes.length; b++) {
      const [na = '', nb = ''] = [nodes[a], nodes[b]];
      const ka = keysOf.get(na) ?? [];
      const kb = keysOf.get(nb) ?? [];
      const inA = new Set(ka);
      const inB = new Set(kb);
      const commonA = ka.filter((k) => inB.has(k));
      const commonB = kb.filter((k) => inA.has(k));
      const at = commonA.findIndex((k, i) => k !== commonB[i]);
      if (at >= 0) {
        const show = (k: string | undefined) => (k ?? '').replace('\u0000', ' ');
        report({
          property: 'total',
          node: `${na}/${nb}`,
          detail: `common message #${at} is ${show(commonA[at])} at ${na} but ${show(commonB[at])} at ${nb}`,
        });
      }
    }
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Index of the last element ≤ value in an ascending array, or -1. */
function lastAtMost(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? 0) <= value) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function describe(r: DeliveryRecord): string {
  return `${r.sender} ${r.msgId} (seq ${r.seq})`;
}
