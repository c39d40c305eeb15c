/** Routers 0..routers-1 and the point-to-point links between them, each a pair with the lower first. */
export type Link = readonly [number, number];

export const SHAPES = ['tree', 'ring', 'grid', 'random'] as const;
export type ShapeName = (typeof SHAPES)[number];

/** Orders the ends of a link: `link3-7` names the same link whichever way it was drawn. */
export const link = (a: number, b: number): Link => (a < b ? [a, b] : [b, a]);
