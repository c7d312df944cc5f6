// The Analytics view's time-series charts, drawn by uPlot on a canvas. Loaded on demand (a
// dynamic import from analytics.tsx), so the console's first screen does not carry uPlot.
// Colours come from the view's CSS custom properties, so a chart follows light and dark.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line or set of bars: its label, values per day, and the CSS custom property of its colour. */
export interface ChartSeries {
  label: string;
  values: number[];
  /** A CSS custom property on the chart's element, such as `--chart-1`. */
  color: string;
  kind: 'line' | 'bars';
}

/** What one chart shows: labels for the x axis (one per day), the series, and how to write a number. */
export interface ChartSpec {
  labels: string[];
  series: ChartSeries[];
  height: number;
  formatValue: (value: number) => string;
}

/** A chart on the page: redrawn for new data or a new size, removed with `destroy`. */
export interface ChartHandle {
  update(spec: ChartSpec): void;
  resize(width: number): void;
  destroy(): void;
}

/** Day steps the x axis may label at (every day, 2, 7, 14 days…), as far apart as fits. */
const DAY_STEPS = [1, 2, 7, 14, 28, 56, 91, 182];
/** Whole-number steps for counts on the y axis. */
const COUNT_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000, 100_000];

function colours(host: HTMLElement) {
  const style = getComputedStyle(host);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { read, text: read('--muted', '#5f5f5a'), line: read('--line', '#deded8') };
}

function options(host: HTMLElement, spec: ChartSpec, width: number, onIndex: (index: number | null) => void): uPlot.Options {
  const { read, text, line } = colours(host);
  const font = `12px ${getComputedStyle(host).fontFamily || 'system-ui, sans-serif'}`;
  const bars = spec.series.some((s) => s.kind === 'bars');
  const last = spec.labels.length - 1;
  return {
    width,
    height: spec.height,
    legend: { show: false },
    // Hover shows a day's values (the view's readout); no drag-to-zoom on a report.
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 7 }, y: false },
    scales: {
      x: { time: false, range: bars ? [-0.6, last + 0.6] : [0, Math.max(last, 1)] },
      y: { range: (_u, _min, max) => [0, Math.max(max, 4) * 1.1] },
    },
    axes: [
      {
        stroke: text,
        font,
        grid: { show: false },
        ticks: { stroke: line, width: 1, size: 4 },
        incrs: DAY_STEPS,
        space: 56,
        values: (_u, splits) => splits.map((i) => (Number.isInteger(i) && i >= 0 && i <= last ? (spec.labels[i] ?? '') : '')),
      },
      {
        stroke: text,
        font,
        grid: { stroke: line, width: 1 },
        ticks: { show: false },
        incrs: COUNT_STEPS,
        space: 28,
        size: 48,
        values: (_u, splits) => splits.map((v) => spec.formatValue(v)),
      },
    ],
    series: [
      {},
      ...spec.series.map((s): uPlot.Series => {
        const colour = read(s.color, '#b4461f');
        return s.kind === 'bars'
          ? { label: s.label, stroke: colour, fill: colour, width: 0, paths: uPlot.paths.bars!({ size: [0.7, 28], gap: 1 }), points: { show: false } }
          : { label: s.label, stroke: colour, width: 2, points: { show: spec.labels.length <= 31, size: 5, fill: colour } };
      }),
    ],
    hooks: { setCursor: [(u) => onIndex(u.cursor.idx ?? null)] },
  };
}

function data(spec: ChartSpec): uPlot.AlignedData {
  return [spec.labels.map((_, i) => i), ...spec.series.map((s) => s.values)];
}

/**
 * Draws `spec` into `host` at `width` CSS pixels; `onIndex` hears the day under the pointer
 * (null when it leaves). Follows the operator's light or dark scheme as it changes.
 */
export function mountChart(host: HTMLElement, spec: ChartSpec, width: number, onIndex: (index: number | null) => void): ChartHandle {
  let current = spec;
  let size = width;
  let plot = new uPlot(options(host, current, size, onIndex), data(current), host);
  const rebuild = () => {
    plot.destroy();
    plot = new uPlot(options(host, current, size, onIndex), data(current), host);
  };
  // Canvas colours are fixed when drawn: a scheme change draws again with the new ones.
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', rebuild);
  return {
    update(next) {
      // The axes' labels and number format are part of the options: a new report draws anew.
      current = next;
      rebuild();
    },
    resize(next) {
      if (next === size || next <= 0) return;
      size = next;
      plot.setSize({ width: size, height: current.height });
    },
    destroy() {
      scheme.removeEventListener('change', rebuild);
      plot.destroy();
    },
  };
}
