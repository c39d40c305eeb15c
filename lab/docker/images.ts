import type { RuntimeContext } from './context.js';

/** Images a node runs: the compose-built ones when present, otherwise the offline base image + mounted app. */
export type NodeImages =
  | { source: 'compose'; router: string; host: string }
  | { source: 'base'; image: string };

export const COMPOSE_IMAGES = { router: 'mcast-lab/router-sim:latest', host: 'mcast-lab/node-agent:latest' };
/** The offline base image; its tag names what is inside, so setup rebuilds it when that changes. */
export const BASE_IMAGE = `mcast-lab/base:node-${process.version}-nft-tcpdump`;

export async function resolveImages(ctx: RuntimeContext): Promise<NodeImages> {
  if (process.env.MCAST_LAB_IMAGES !== 'base') {
    const present = await Promise.all(Object.values(COMPOSE_IMAGES).map((name) => imageExists(ctx, name)));
    if (present.every(Boolean)) return { source: 'compose', ...COMPOSE_IMAGES };
  }
  if (await imageExists(ctx, BASE_IMAGE)) return { source: 'base', image: BASE_IMAGE };
  throw new Error(`image ${BASE_IMAGE} is missing: run "npx mcast-lab setup" (it builds it offline)`);
}

async function imageExists(ctx: RuntimeContext, name: string): Promise<boolean> {
  try {
    await ctx.docker.getImage(name).inspect();
    return true;
  } catch {
    return false;
  }
}
