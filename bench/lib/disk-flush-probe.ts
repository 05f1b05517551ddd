import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { LatencySummary, summarize } from './stats';

/** A span of wall-clock time in milliseconds (see `clockMs`). */
export interface Span {
  start: number;
  end: number;
}

export interface DiskFlushReport {
  summary: LatencySummary;
  /** The flushes that took longer than the probe's `slowMs`. */
  slow: Span[];
}

export interface DiskFlushProbe {
  /** Ends the probe and reports its samples. */
  stop(): Promise<DiskFlushReport>;
}

/**
 * Measures how long the disk takes to make a small write durable while a benchmark runs. Every
 * `intervalMs` a worker thread appends 4 KiB to a file in `directory` and calls fdatasync, as
 * PostgreSQL does with its write-ahead log at a commit, so `directory` should be on the
 * filesystem of the PostgreSQL data. Each commit waits for such a flush. A slow flush here at the
 * same moment therefore explains a slow commit, and with it a late delivery. The probe adds 50
 * small flushes a second at the default interval, against about a thousand commits a second at
 * the highest delivery rate.
 */
export function startDiskFlushProbe(directory: string, options: { intervalMs?: number; slowMs: number }): DiskFlushProbe {
  const stopFlag = new SharedArrayBuffer(4);
  const worker = new Worker(path.join(__dirname, 'disk-flush-worker.js'), {
    workerData: { file: path.join(directory, `disk-flush-probe-${process.pid}-${Date.now()}`), intervalMs: options.intervalMs ?? 20, stopFlag },
  });
  const samples = new Promise<[number, number][]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`disk flush probe exited with code ${code} before reporting`)));
  });
  // An unhandled rejection must not end the benchmark before stop() is called and can report it.
  samples.catch(() => undefined);
  return {
    async stop() {
      const flag = new Int32Array(stopFlag);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      const pairs = await samples;
      return {
        summary: summarize(pairs.map(([, duration]) => duration)),
        slow: pairs.filter(([, duration]) => duration > options.slowMs).map(([start, duration]) => ({ start, end: start + duration })),
      };
    },
  };
}

/** Counts the spans of `items` that overlap at least one span of `others`. */
export function countOverlapping(items: Span[], others: Span[]): number {
  return items.filter((item) => others.some((other) => item.start < other.end && other.start < item.end)).length;
}
