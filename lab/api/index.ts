/**
 * mcast-lab as a library: deploy a topology as a Docker lab, drive its routers and hosts, impair and
 * partition it, capture and count its traffic, and check what its group members delivered.
 *
 *   import { withLab } from 'mcast-lab';
 *   await withLab('topology.yaml', async (lab) => { await lab.agent('h1').join('239.1.2.3'); … });
 *
 * The test-runner fixture is `mcast-lab/vitest`.
 */
import type { Violation } from '../../node-agent/check/checker.js';
import type { DeliveryCheck, Lab } from './lab.js';

export { PollTimeoutError } from '../../common/poll.js';
export type {
  IgmpInterfaceView,
  InterfaceView,
  MrouteView,
  PimNeighborsView,
  PimStateView,
  SparseStateListView,
  SparseStateView,
} from '../../common/router-views.js';
export type { Violation } from '../../node-agent/check/checker.js';
export type { DeliveryRecord } from '../../node-agent/group-types/delivery-record.js';
export type { GroupStats } from '../../node-agent/group-types/stats.js';
export type { IgmpMessage } from '../../router-sim/wire/igmp/message.js';
export type { PimMessage } from '../../router-sim/wire/pim/message.js';
export type { ImpairmentChange } from '../docker/impairments.js';
export type { LabInspection } from '../docker/inspect.js';
export type { LinkCounter } from '../docker/link-accounting.js';
export type { ExecResult, ExecWhere } from '../docker/node-exec.js';
export { NodeExitedError } from '../docker/node-exit.js';
export { InputInvalid, LabInputError } from '../errors.js';
export type { CapturedPacket } from '../measure/pcap.js';
export type { Topology } from '../topology/model.js';
export type { AgentCalls, AgentStats, GroupChoice, Sending } from './agent-calls.js';
export { connectLab, type DeployLabOptions, deployLab, uniqueLabName, withLab } from './deploy-lab.js';
export { type DeliveryCheck, Lab, type WaitOptions } from './lab.js';
export type { LabCapture } from './lab-capture.js';
export type { NodeHealth } from './node-health.js';
export type { RouterCalls, RouterStatus, RouterViews } from './router-calls.js';
export { loadTopology, type TopologyCheck, type TopologySource, validateTopology } from './topology.js';

/** The group's deliveries in the lab checked for its guarantees: `checkDeliveries(lab, group, { ordering, reliability })`. */
export function checkDeliveries(lab: Lab, group: string, check: DeliveryCheck): Promise<Violation[]> {
  return lab.checkDeliveries(group, check);
}
