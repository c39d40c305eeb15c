import type { Topology } from '../topology/model.js';
import type { Locate, LocatedError } from '../yaml/locate.js';
import type { Rejected } from '../yaml/salvage.js';
import type { Workload } from './model.js';

/**
 * Checks a workload against itself (times in order, within its duration) and, when given, against the
 * topology it will run on (every host exists). Times the schema rejected are not compared.
 */
export function validateWorkload(
  workload: Workload,
  locate: Locate,
  rejected: Rejected,
  topology?: Topology,
): LocatedError[] {
  const hosts = topology?.hosts.map((h) => h.name);
  const checkHost = (host: string, path: (string | number)[]) =>
    hosts && !hosts.includes(host)
      ? [
          locate(
            [...path, 'host'],
            `host "${host}" is not in topology ${topology?.name}; hosts: ${hosts.join(', ')}`,
          ),
        ]
      : [];
  // Without its duration (a stand-in), no time can be judged: stops default to it.
  const timed = !rejected.has(['duration']);
  const given = (path: (string | number)[], ...keys: string[]) =>
    timed && keys.every((key) => !rejected.has([...path, key]));
  const within = (value: number, key: string, path: (string | number)[]) =>
    timed && value > workload.duration
      ? [
          locate(
            [...path, key],
            `${key} ${value} s is after the workload ends (duration ${workload.duration} s)`,
          ),
        ]
      : [];
  return [
    ...workload.sources.flatMap((source, i) => {
      const path = ['sources', i];
      return [
        ...checkHost(source.host, path),
        ...within(source.start, 'start', path),
        ...within(source.stop, 'stop', path),
        ...(given(path, 'start', 'stop') && source.stop <= source.start
          ? [locate([...path, 'stop'], `stop ${source.stop} s must come after start ${source.start} s`)]
          : []),
      ];
    }),
    ...workload.members.flatMap((member, i) => {
      const path = ['members', i];
      return [
        ...checkHost(member.host, path),
        ...within(member.join, 'join', path),
        ...(member.leave === undefined ? [] : within(member.leave, 'leave', path)),
        ...(given(path, 'join', 'leave') && member.leave !== undefined && member.leave <= member.join
          ? [locate([...path, 'leave'], `leave ${member.leave} s must come after join ${member.join} s`)]
          : []),
      ];
    }),
  ];
}
