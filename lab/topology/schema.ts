import { z } from 'zod';
import { FORWARDING_PLANES } from '../../common/node-config.js';
import { quoted, strictMap } from '../yaml/strict-map.js';
import { formatCidr, normalizeCidr, parseCidr, parseIpv4 } from './addressing.js';
import { type LabDefaults, RATE, type Topology } from './model.js';
import { programKeys } from './program-schema.js';

/**
 * The YAML format, strictly: unknown keys are errors. Single values (CIDRs, addresses) are checked
 * here; relations between values, and the names of networks and nodes, by validate.ts.
 */

export const LAB_NAME = /^[a-z0-9][a-z0-9_-]{0,29}$/;

const DEFAULTS: LabDefaults = {
  igmpVersion: 3,
  pim: 'none',
  forwarding: 'auto',
  profile: 'rfc',
  sptThreshold: 'immediate',
  snooping: true,
  subnetPool: '10.100.0.0/16',
};

// Not a key schema: zod skips the value of a key it rejects, and its errors would go unreported.
const entryName = z.string();

function cidr(label: string, maxPrefix = 32) {
  return z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if (!parsed) {
      ctx.addIssue({
        code: 'custom',
        message: `${label} must be an IPv4 CIDR like 10.1.1.0/24 (got ${quoted(text)})`,
      });
      return;
    }
    const normal = normalizeCidr(parsed);
    if (normal.base !== parsed.base) {
      ctx.addIssue({
        code: 'custom',
        message: `${label} ${text} has host bits set; did you mean ${formatCidr(normal)}?`,
      });
    } else if (parsed.prefix > maxPrefix) {
      ctx.addIssue({ code: 'custom', message: `${label} must be a /${maxPrefix} or larger (got ${text})` });
    }
  });
}

const address = z.string().refine((text) => parseIpv4(text) !== undefined, {
  error: (issue) => `address must be an IPv4 address like 10.1.1.20 (got ${quoted(issue.input)})`,
});

const igmpVersion = z.literal([2, 3]);

// A network's standing impairment, as `mcast-lab impair` sets one on a running lab.
const rateError = (issue: { input: unknown }) =>
  `rate must be like 500kbit, 10mbit or 200pps (got ${quoted(issue.input)})`;
const lossError = (issue: { input: unknown }) =>
  `loss is a percentage from 0 to 100, as a number like 5 (got ${quoted(issue.input)})`;
const impairment = strictMap({
  loss: z.number({ error: lossError }).min(0, { error: lossError }).max(100, { error: lossError }).optional(),
  rate: z.string({ error: rateError }).regex(RATE, { error: rateError }).optional(),
});

// Which kernel forwarding plane router-sim drives: `auto` takes the mroute API where the kernel has it.
const forwarding = z.enum(['auto', ...FORWARDING_PLANES]);

/** Multicast addresses (224.0.0.0/4) a static RP serves when `groups` is left out. */
export const ALL_GROUPS = '224.0.0.0/4';

// `rp: r2` is shorthand for `rp: [{ router: r2 }]`; each entry serves a group range.
const rendezvousPoints = z.preprocess(
  (value) => (typeof value === 'string' ? [{ router: value }] : value),
  z
    .array(
      strictMap({ router: z.string(), groups: cidr('groups').optional() }).transform((rp) => ({
        router: rp.router,
        groups: rp.groups ?? ALL_GROUPS,
      })),
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? `rp must be a router name or a list of { router, groups } (got ${quoted(issue.input)})`
            : undefined,
      },
    )
    .min(1, { error: 'rp needs at least one entry' }),
);

// When the last-hop router leaves the RP tree for the source's shortest path (RFC 7761 §4.2.1).
const sptThreshold = z.union([z.enum(['immediate', 'never']), z.int().min(1)], {
  error: (issue) =>
    `spt_threshold must be immediate, never or a number of packets (got ${quoted(issue.input)})`,
});

// YAML 1.2 reads `on`/`off` as strings and `true`/`false` as booleans: accept all four.
const onOff = z
  .preprocess(
    (value) => (typeof value === 'boolean' ? String(value) : value),
    z.enum(['on', 'off', 'true', 'false']),
  )
  .transform((value) => value === 'on' || value === 'true');

/** The keys that were given: a topology built in code leaves the others out, as the YAML did. */
const defined = <T extends object>(value: T) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };

// A router's multicast options on a host: say why they are not a host's keys.
const ROUTER_OPTIONS = ['multicast', 'forwarding', 'daemon'];
function routerOptionsOnHost(keys: string[]): string | undefined {
  const found = keys.filter((key) => ROUTER_OPTIONS.includes(key));
  if (found.length === 0) return undefined;
  const what = found.length === 1 ? 'is a router option' : 'are router options';
  return `${found.join(' and ')} ${what}: hosts route and forward no multicast`;
}

// `lan1` is shorthand for `{ network: lan1 }`.
const routerInterface = z.preprocess(
  (value) => (typeof value === 'string' ? { network: value } : value),
  z.strictObject(
    { network: z.string(), address: address.optional() },
    {
      error: (issue) => {
        if (issue.code === 'unrecognized_keys') return 'valid keys: network, address';
        if (issue.code === 'invalid_type' && issue.input !== undefined) {
          return `an interface must be a network name or a map with network and address (got ${quoted(issue.input)})`;
        }
        return undefined;
      },
    },
  ),
);

export const topologySchema = strictMap({
  name: z.string().regex(LAB_NAME, {
    error: (issue) =>
      `name must be a lowercase letter or digit, then up to 29 of a-z, 0-9, "_" and "-" (got ${quoted(issue.input)})`,
  }),
  defaults: strictMap({
    igmp_version: igmpVersion.optional(),
    pim: z.enum(['none', 'dense', 'sparse']).optional(),
    forwarding: forwarding.optional(),
    rp: rendezvousPoints.optional(),
    spt_threshold: sptThreshold.optional(),
    profile: z.enum(['rfc', 'fast']).optional(),
    snooping: onOff.optional(),
    // Networks without a subnet take /24s from the pool.
    subnet_pool: cidr('subnet_pool', 24).optional(),
  }).nullish(),
  networks: z
    .record(
      entryName,
      strictMap({
        subnet: cidr('subnet').optional(),
        snooping: onOff.optional(),
        impair: impairment.optional(),
      }).nullish(),
    )
    .refine((networks) => Object.keys(networks).length > 0, {
      error: 'networks must define at least one network',
    }),
  routers: z
    .record(
      entryName,
      strictMap({
        interfaces: z.array(routerInterface).min(1, { error: 'a router needs at least one interface' }),
        // `none` leaves the kernel's multicast routing to the user (smcroute, pimd… through exec).
        multicast: z.enum(['router-sim', 'none']).optional(),
        forwarding: forwarding.optional(),
        // `none`: no router-sim at all; the user's own routing daemon (command, image) runs instead.
        daemon: z.enum(['router-sim', 'none']).optional(),
        ...programKeys,
      }),
    )
    .nullish(),
  hosts: z
    .record(
      entryName,
      strictMap(
        {
          network: z.string(),
          address: address.optional(),
          igmp_version: igmpVersion.optional(),
          // off: no node-agent; the host runs only the user's program.
          agent: onOff.optional(),
          ...programKeys,
        },
        routerOptionsOnHost,
      ),
    )
    .nullish(),
}).transform(
  (raw): Topology => ({
    name: raw.name,
    defaults: {
      igmpVersion: raw.defaults?.igmp_version ?? DEFAULTS.igmpVersion,
      pim: raw.defaults?.pim ?? DEFAULTS.pim,
      forwarding: raw.defaults?.forwarding ?? DEFAULTS.forwarding,
      ...(raw.defaults?.rp === undefined ? {} : { rp: raw.defaults.rp }),
      sptThreshold: raw.defaults?.spt_threshold ?? DEFAULTS.sptThreshold,
      profile: raw.defaults?.profile ?? DEFAULTS.profile,
      snooping: raw.defaults?.snooping ?? DEFAULTS.snooping,
      subnetPool: raw.defaults?.subnet_pool ?? DEFAULTS.subnetPool,
    },
    networks: Object.entries(raw.networks).map(([name, network]) => ({ name, ...network })),
    routers: Object.entries(raw.routers ?? {}).map(([name, { interfaces, ...router }]) => ({
      name,
      interfaces,
      ...defined(router),
    })),
    hosts: Object.entries(raw.hosts ?? {}).map(([name, { network, igmp_version, ...host }]) => ({
      name,
      network,
      ...(igmp_version === undefined ? {} : { igmpVersion: igmp_version }),
      ...defined(host),
    })),
  }),
);
