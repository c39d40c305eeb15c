import { type Link, link } from './shape.js';

/** Each router linked to the next, the last to the first; two routers share one link, not two. */
export function ringLinks(routers: number): Link[] {
  if (routers < 2) return [];
  const around = Array.from({ length: routers - 1 }, (_, i) => link(i, i + 1));
  return routers > 2 ? [...around, link(0, routers - 1)] : around;
}
