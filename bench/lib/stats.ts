import { performance } from 'node:perf_hooks';

/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(samples: number[]): LatencySummary {
  if (samples.length === 0) {
    return { count: 0, p50: NaN, p99: NaN, max: NaN };
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted[sorted.length - 1]) };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Wall-clock milliseconds with sub-millisecond resolution that agree across worker threads, to
 * line up events timed in different threads. `nowMs` is for durations within one thread.
 */
export function clockMs(): number {
  return performance.timeOrigin + performance.now();
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
