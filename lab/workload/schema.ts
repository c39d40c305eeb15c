import { z } from 'zod';
import { parseIpv4 } from '../topology/addressing.js';
import { quoted, strictMap } from '../yaml/strict-map.js';
import type { Workload } from './model.js';

const [MULTICAST_LOW, MULTICAST_HIGH] = [parseIpv4('224.0.1.0') ?? 0, parseIpv4('239.255.255.255') ?? 0];

/** A routable multicast group: 224.0.1.0–239.255.255.255 (224.0.0.0/24 never leaves its link). */
const group = z.string().refine(
  (text) => {
    const value = parseIpv4(text);
    return value !== undefined && value >= MULTICAST_LOW && value <= MULTICAST_HIGH;
  },
  {
    error: (issue) =>
      `group must be a multicast address from 224.0.1.0 to 239.255.255.255 (got ${quoted(issue.input)})`,
  },
);

const seconds = (label: string) =>
  z.number({ error: (issue) => `${label} must be a number of seconds (got ${quoted(issue.input)})` }).min(0, {
    error: `${label} must not be negative`,
  });

const positive = (label: string, max: number) =>
  z
    .int({ error: (issue) => `${label} must be a whole number (got ${quoted(issue.input)})` })
    .min(1, { error: `${label} must be at least 1` })
    .max(max, { error: `${label} must be at most ${max}` });

export const workloadSchema = strictMap({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, {
    error: (issue) =>
      `name must be a lowercase letter or digit, then up to 39 of a-z, 0-9, "_" and "-" (got ${quoted(issue.input)})`,
  }),
  duration: seconds('duration').refine((s) => s > 0, { error: 'duration must be more than 0 seconds' }),
  sources: z
    .array(
      strictMap({
        host: z.string(),
        group,
        rate: positive('rate', 100_000),
        size: positive('size', 65_000).optional(),
        start: seconds('start').optional(),
        stop: seconds('stop').optional(),
      }),
    )
    .min(1, { error: 'a workload needs at least one source' }),
  members: z
    .array(
      strictMap({
        host: z.string(),
        group,
        join: seconds('join').optional(),
        leave: seconds('leave').optional(),
      }),
    )
    .optional(),
}).transform(
  (raw): Workload => ({
    name: raw.name,
    duration: raw.duration,
    sources: raw.sources.map((s) => ({
      host: s.host,
      group: s.group,
      rate: s.rate,
      size: s.size ?? 1000,
      start: s.start ?? 0,
      stop: s.stop ?? raw.duration,
    })),
    members: (raw.members ?? []).map((m) => ({
      host: m.host,
      group: m.group,
      join: m.join ?? 0,
      ...(m.leave === undefined ? {} : { leave: m.leave }),
    })),
  }),
);
