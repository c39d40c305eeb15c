import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Charts as standalone SVG, drawn by Vega-Lite without a browser (text is measured by estimate). */

export interface Bar {
  category: string;
  series: string;
  value: number;
}

export interface Point {
  panel: string;
  x: number;
  series: string;
  y: number;
}

const FONT = { font: 'DejaVu Sans, Verdana, Arial, sans-serif' };

/** Grouped bars: one group per category, one bar per series. */
export function groupedBarChart(
  title: string,
  bars: Bar[],
  labels: { category: string; value: string },
): Promise<string> {
  return render({
    title,
    data: { values: bars },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'category', type: 'nominal', title: labels.category, sort: null },
      xOffset: { field: 'series', type: 'nominal' },
      y: { field: 'value', type: 'quantitative', title: labels.value },
      color: { field: 'series', type: 'nominal', title: null },
    },
    width: { step: 36 },
    height: 240,
    config: FONT,
  });
}

/** Lines over time, one panel per `panel` (stacked), one line per series. */
export function timelineChart(
  title: string,
  points: Point[],
  labels: { x: string; y: string },
): Promise<string> {
  return render({
    title,
    data: { values: points },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
    encoding: {
      row: { field: 'panel', type: 'nominal', title: null },
      x: { field: 'x', type: 'quantitative', title: labels.x },
      y: { field: 'y', type: 'quantitative', title: labels.y },
      color: { field: 'series', type: 'nominal', title: null },
    },
    width: 640,
    height: 160,
    config: FONT,
  });
}

/** How figures grow with size: one panel per figure, log scales, one line per series. */
export function growthChart(title: string, points: Point[], labels: { x: string }): Promise<string> {
  return render({
    title,
    data: { values: points },
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      row: { field: 'panel', type: 'nominal', title: null, sort: null },
      x: { field: 'x', type: 'quantitative', title: labels.x, scale: { type: 'log' } },
      y: { field: 'y', type: 'quantitative', title: null, scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: null },
    },
    resolve: { scale: { y: 'independent' } },
    width: 480,
    height: 140,
    config: FONT,
  });
}

async function render(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`;
}
