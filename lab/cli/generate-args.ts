import { LabInputError } from '../errors.js';
import { SHAPES } from '../generate/shape.js';
import { MAX_HOSTS_PER_LAN, type TopologyOptions } from '../generate/topology.js';
import { MAX_GROUPS, type WorkloadOptions } from '../generate/workload.js';
import { LAB_NAME } from '../topology/schema.js';

/** `generate`'s options as commander gives them: strings, absent when not given. */
export interface RawGenerateOptions {
  routers: string;
  hostsPerLan: string;
  seed?: string;
  pim?: string;
  profile?: string;
  name?: string;
  fanOut?: string;
  extraLinks?: string;
  subnetPool?: string;
  out?: string;
  groups?: string;
  sources?: string;
  members?: string;
  duration?: string;
  rate?: string;
  workloadOut?: string;
}

export interface GenerateRequest {
  topology: TopologyOptions;
  /** With --groups: the workload to write too. */
  workload?: WorkloadOptions;
}

const PIM_MODES = ['dense', 'sparse'] as const;
const PROFILES = ['fast', 'rfc'] as const;
const WORKLOAD_ONLY = ['duration', 'rate', 'workloadOut'] as const;
const FLAGS: Record<string, string> = {
  duration: '--duration',
  rate: '--rate',
  workloadOut: '--workload-out',
};

/** Checks every option, throwing LabInputError (exit 2) with the valid choices or range. */
export function parseGenerateArgs(shapeText: string, raw: RawGenerateOptions): GenerateRequest {
  const shape = choice('shape', shapeText, SHAPES);
  const routers = whole('--routers', raw.routers, 1);
  const seed = whole('--seed', raw.seed ?? '1', 0);
  const name = raw.name ?? `${shape}-${routers}`;
  if (!LAB_NAME.test(name)) {
    throw new LabInputError(
      `--name must be a lowercase letter or digit, then up to 29 of a-z, 0-9, "_" and "-" (got "${name}")`,
    );
  }
  if (raw.fanOut !== undefined && shape !== 'tree') throw new LabInputError('--fan-out applies to tree only');
  if (raw.extraLinks !== undefined && shape !== 'random') {
    throw new LabInputError('--extra-links applies to random only');
  }
  const topology: TopologyOptions = {
    shape,
    routers,
    hostsPerLan: whole('--hosts-per-lan', raw.hostsPerLan, 0, MAX_HOSTS_PER_LAN),
    seed,
    pim: choice('--pim', raw.pim ?? 'sparse', PIM_MODES),
    profile: choice('--profile', raw.profile ?? 'fast', PROFILES),
    name,
    fanOut: whole('--fan-out', raw.fanOut ?? '2', 2),
    extraLinks: whole('--extra-links', raw.extraLinks ?? String(Math.floor(routers / 4)), 0),
    ...(raw.subnetPool === undefined ? {} : { subnetPool: raw.subnetPool }),
  };
  const workload = parseWorkloadArgs(raw, name, seed);
  if (workload && raw.out === undefined && raw.workloadOut === undefined) {
    throw new LabInputError(
      'with --groups give --out or --workload-out: two documents cannot both go to stdout',
    );
  }
  return { topology, ...(workload ? { workload } : {}) };
}

function parseWorkloadArgs(raw: RawGenerateOptions, lab: string, seed: number): WorkloadOptions | undefined {
  const given = [raw.groups, raw.sources, raw.members].filter((v) => v !== undefined).length;
  if (given === 0) {
    const stray = WORKLOAD_ONLY.find((key) => raw[key] !== undefined);
    if (stray)
      throw new LabInputError(`${FLAGS[stray]} is a workload option: give --groups, --sources and --members`);
    return undefined;
  }
  if (given < 3) throw new LabInputError('--groups, --sources and --members go together');
  const duration = Number(raw.duration ?? '30');
  if (!Number.isFinite(duration) || duration <= 0) {
    throw new LabInputError(`--duration must be a number of seconds above 0 (got ${raw.duration})`);
  }
  return {
    name: `${lab}-workload`,
    groups: whole('--groups', raw.groups ?? '', 1, MAX_GROUPS),
    sources: whole('--sources', raw.sources ?? '', 1),
    members: whole('--members', raw.members ?? '', 0),
    duration,
    rate: whole('--rate', raw.rate ?? '10', 1, 100_000),
    seed,
  };
}

function whole(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `from ${min}` : `from ${min} to ${max}`;
    throw new LabInputError(`${flag} must be a whole number ${range} (got "${text}")`);
  }
  return value;
}

function choice<T extends string>(what: string, text: string, valid: readonly T[]): T {
  if (!(valid as readonly string[]).includes(text)) {
    throw new LabInputError(`${what} must be one of ${valid.join(', ')} (got "${text}")`);
  }
  return text as T;
}

/** The command that writes the same topology (every option spelled out), for the file's first line. */
export function commandLine({ topology: t, workload: w }: GenerateRequest): string {
  return [
    `mcast-lab generate ${t.shape} --routers ${t.routers} --hosts-per-lan ${t.hostsPerLan} --seed ${t.seed}`,
    `--pim ${t.pim} --profile ${t.profile} --name ${t.name}`,
    ...(t.shape === 'tree' ? [`--fan-out ${t.fanOut}`] : []),
    ...(t.shape === 'random' ? [`--extra-links ${t.extraLinks}`] : []),
    ...(t.subnetPool === undefined ? [] : [`--subnet-pool ${t.subnetPool}`]),
    ...(w
      ? [
          `--groups ${w.groups} --sources ${w.sources} --members ${w.members} --duration ${w.duration} --rate ${w.rate}`,
        ]
      : []),
  ].join(' ');
}
