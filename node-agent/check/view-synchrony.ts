import type { DeliveryRecord } from '../group-types/delivery-record.js';
import { isView, type LogEntry, type ViewRecord, viewKey } from '../views/view-record.js';
import { checkDeliveries, type Violation } from './checker.js';
import { messageKey } from './keys.js';

export type ViewProperty = 'view-order' | 'sending-view' | 'view-agreement' | 'view-synchrony' | 'uniform';

export interface ViewViolation extends Omit<Violation, 'property'> {
  property: Violation['property'] | ViewProperty;
}

export interface ViewCheckSpec {
  /** Check only this group's records; by default every group in the logs, each on its own. */
  group?: string;
  /** Stop after this many violations (default 50). */
  limit?: number;
  /**
   * Uniform (safe) delivery: whatever any member delivered in a view — one that crashed afterwards too —
   * every member that flushed out of that view delivered in it as well.
   */
  uniform?: boolean;
  /** Total order (total-sequencer groups): any two logs order their common messages alike, catch-ups aside. */
  total?: boolean;
}

/** A stretch of one member's log: the messages it delivered in one view (catch-ups left out). */
interface Epoch {
  view: ViewRecord;
  messages: Set<string>;
  /** The next view, when the member flushed into it from this one (its `prev` names this view). */
  flushedInto: ViewRecord | undefined;
}

/**
 * Checks virtual synchrony from delivery logs alone (node → messages and view records in delivery
 * order, as atomic groups write them; a restarted node's log goes on in the same file).
 *
 * - integrity and fifo: no message twice in a log (catch-ups included), each sender's messages in
 *   sequence order (the general checker's rules).
 * - view-order: each log's view numbers increase.
 * - sending-view: a message is delivered in the view it was sent in (its `view` is the view record
 *   before it), never before the first view; catch-up records are exempt.
 * - view-agreement: members that install the same view (number and coordinator) agree on its members,
 *   and each is among them.
 * - view-synchrony (agreement within a view, the all-or-nothing property): members that flush from the
 *   same view into the same next view delivered the same set of messages in it.
 * - uniform (when asked): a message any member delivered in a view, every member that flushed out of it
 *   delivered in it too.
 * - total (when asked): members that flush from the same view into the same next view (or are still in
 *   it) delivered its messages in the same order. Across the sides of a merge-mode partition, which
 *   flush the view apart, the order of the messages delivered at those flushes is not promised.
 */
export function checkViewSynchrony(
  logs: Record<string, readonly LogEntry[]>,
  spec: ViewCheckSpec = {},
): ViewViolation[] {
  const violations: ViewViolation[] = [];
  const limit = spec.limit ?? 50;
  const report = (v: ViewViolation) => {
    if (violations.length < limit) violations.push(v);
  };
  const groups = spec.group
    ? [spec.group]
    : [...new Set(Object.values(logs).flatMap((log) => log.map((e) => e.group)))];
  for (const group of groups) {
    const byNode = Object.fromEntries(
      Object.entries(logs).map(([node, log]) => [node, log.filter((e) => e.group === group)]),
    );
    const messages = Object.fromEntries(
      Object.entries(byNode).map(([node, log]) => [node, log.filter((e): e is DeliveryRecord => !isView(e))]),
    );
    for (const v of checkDeliveries(messages, { reliability: 'best-effort', ordering: 'fifo', group, limit }))
      report(v);
    const epochs = new Map<string, Epoch[]>();
    for (const [node, log] of Object.entries(byNode)) epochs.set(node, epochsOf(node, log, report));
    checkViewAgreement(epochs, report);
    checkSameMessages(epochs, report);
    if (spec.uniform) checkUniform(epochs, report);
    if (spec.total) checkSameOrder(epochs, report);
  }
  return violations;
}

function epochsOf(node: string, log: readonly LogEntry[], report: (v: ViewViolation) => void): Epoch[] {
  const epochs: Epoch[] = [];
  let current: Epoch | undefined;
  for (const entry of log) {
    if (isView(entry)) {
      if (current && entry.view <= current.view.view) {
        report({
          property: 'view-order',
          node,
          detail: `view ${entry.view} installed after view ${current.view.view}`,
        });
      }
      if (current && entry.prev && viewKey(entry.prev) === viewKey(current.view)) current.flushedInto = entry;
      current = { view: entry, messages: new Set(), flushedInto: undefined };
      epochs.push(current);
      continue;
    }
    if (entry.catchUp) continue;
    if (!current) {
      report({
        property: 'sending-view',
        node,
        detail: `${entry.sender} ${entry.msgId} delivered before any view`,
      });
      continue;
    }
    if (entry.view !== current.view.view) {
      report({
        property: 'sending-view',
        node,
        detail: `${entry.sender} ${entry.msgId} of view ${entry.view} delivered in view ${current.view.view}`,
      });
    }
    current.messages.add(messageKey(entry));
  }
  return epochs;
}

function checkViewAgreement(epochs: Map<string, Epoch[]>, report: (v: ViewViolation) => void): void {
  const members = new Map<string, { node: string; list: string }>();
  for (const [node, list] of epochs) {
    for (const { view } of list) {
      const key = viewKey(view);
      const mine = view.members.join(',');
      if (!view.members.includes(node)) {
        report({ property: 'view-agreement', node, detail: `installed view ${key} without being in it` });
      }
      const other = members.get(key);
      if (!other) members.set(key, { node, list: mine });
      else if (other.list !== mine) {
        report({
          property: 'view-agreement',
          node,
          detail: `view ${key} is [${mine}] here but [${other.list}] at ${other.node}`,
        });
      }
    }
  }
}

function checkSameMessages(epochs: Map<string, Epoch[]>, report: (v: ViewViolation) => void): void {
  // Transition (view → next view, both by key) → the first member's set, to compare the others with.
  const first = new Map<string, { node: string; messages: Set<string> }>();
  for (const [node, list] of epochs) {
    for (const epoch of list) {
      if (!epoch.flushedInto) continue;
      const transition = `${viewKey(epoch.view)} → ${viewKey(epoch.flushedInto)}`;
      const other = first.get(transition);
      if (!other) {
        first.set(transition, { node, messages: epoch.messages });
        continue;
      }
      const onlyHere = [...epoch.messages].filter((k) => !other.messages.has(k));
      const onlyThere = [...other.messages].filter((k) => !epoch.messages.has(k));
      if (onlyHere.length + onlyThere.length > 0) {
        const show = (keys: string[]) =>
          keys
            .slice(0, 3)
            .map((k) => k.replace('\u0000', ' '))
            .join(', ');
        report({
          property: 'view-synchrony',
          node: `${node}/${other.node}`,
          detail: `in view ${viewKey(epoch.view)} (both then ${viewKey(epoch.flushedInto)}): ${onlyHere.length} only at ${node} (${show(onlyHere)}), ${onlyThere.length} only at ${other.node} (${show(onlyThere)})`,
        });
      }
    }
  }
}

function checkSameOrder(epochs: Map<string, Epoch[]>, report: (v: ViewViolation) => void): void {
  // Transition (view → next view, or the view alone while still in it) → the first member's order.
  const first = new Map<string, { node: string; order: string[] }>();
  for (const [node, list] of epochs) {
    for (const epoch of list) {
      const transition = `${viewKey(epoch.view)} → ${epoch.flushedInto ? viewKey(epoch.flushedInto) : '…'}`;
      const order = [...epoch.messages];
      const other = first.get(transition);
      if (!other) {
        first.set(transition, { node, order });
        continue;
      }
      const theirs = new Set(other.order);
      const mine = new Set(order);
      const a = order.filter((k) => theirs.has(k));
      const b = other.order.filter((k) => mine.has(k));
      const at = a.findIndex((k, i) => k !== b[i]);
      if (at >= 0) {
        const show = (k: string | undefined) => (k ?? '').replace('\u0000', ' ');
        report({
          property: 'total',
          node: `${node}/${other.node}`,
          detail: `in view ${transition}: common message #${at} is ${show(a[at])} at ${node} but ${show(b[at])} at ${other.node}`,
        });
      }
    }
  }
}

function checkUniform(epochs: Map<string, Epoch[]>, report: (v: ViewViolation) => void): void {
  const delivered = new Map<string, Map<string, string>>(); // view → message → a node that delivered it
  for (const [node, list] of epochs) {
    for (const epoch of list) {
      const key = viewKey(epoch.view);
      const seen = delivered.get(key) ?? new Map<string, string>();
      delivered.set(key, seen);
      for (const m of epoch.messages) if (!seen.has(m)) seen.set(m, node);
    }
  }
  for (const [node, list] of epochs) {
    for (const epoch of list) {
      if (!epoch.flushedInto) continue;
      const key = viewKey(epoch.view);
      const missing = [...(delivered.get(key) ?? [])].filter(([m]) => !epoch.messages.has(m));
      const [first] = missing;
      if (first) {
        report({
          property: 'uniform',
          node,
          detail: `flushed out of view ${key} without ${missing.length} message(s) delivered in it elsewhere, e.g. ${first[0].replace('\u0000', ' ')} at ${first[1]}`,
        });
      }
    }
  }
}
