import { type Link, link } from './shape.js';

/**
 * A balanced tree filled level by level: router i's parent is (i - 1) / fanOut. The root, router 0,
 * is a centre: no leaf is more than one level deeper than another.
 */
export function treeLinks(routers: number, fanOut: number): Link[] {
  return Array.from({ length: Math.max(0, routers - 1) }, (_, i) => link(Math.floor(i / fanOut), i + 1));
}
