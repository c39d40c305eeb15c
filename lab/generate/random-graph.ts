import type { Random } from '../../common/sim/random.js';
import { sample } from './sample.js';
import { type Link, link } from './shape.js';

/**
 * A connected random graph: a random spanning tree (routers in a random order, each linked to one
 * drawn from those before it), then `extraLinks` more links between distinct pairs not linked yet
 * (fewer when the graph is complete).
 */
export function randomLinks(routers: number, extraLinks: number, random: Random): Link[] {
  const order = sample(random, routers, routers);
  const links = order.slice(1).map((router, i) => link(router, order[random.int(i + 1)] as number));
  const present = new Set(links.map(([a, b]) => a * routers + b));
  const possible = (routers * (routers - 1)) / 2;
  for (let added = 0; added < extraLinks && present.size < possible; ) {
    const [a, b] = link(random.int(routers), random.int(routers));
    if (a === b || present.has(a * routers + b)) continue;
    present.add(a * routers + b);
    links.push([a, b]);
    added++;
  }
  return links;
}
