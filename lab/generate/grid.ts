import { type Link, link } from './shape.js';

/**
 * Rows of ⌈√routers⌉ columns, filled row by row (the last row may be short); each router linked to
 * its right and lower neighbours.
 */
export function gridLinks(routers: number): Link[] {
  const columns = gridColumns(routers);
  const links: Link[] = [];
  for (let i = 0; i < routers; i++) {
    if ((i + 1) % columns !== 0 && i + 1 < routers) links.push(link(i, i + 1));
    if (i + columns < routers) links.push(link(i, i + columns));
  }
  return links;
}

export const gridColumns = (routers: number) => Math.max(1, Math.ceil(Math.sqrt(routers)));
