import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Worker side of the disk flush probe (see disk-flush-probe.ts). Synchronous calls on purpose:
 * each sample is the time of the two system calls alone, whatever the main thread is doing.
 */
const { file, intervalMs, stopFlag } = workerData as { file: string; intervalMs: number; stopFlag: SharedArrayBuffer };
const flag = new Int32Array(stopFlag);
const block = Buffer.alloc(4096, 0x2a);
/** Pairs of start (wall clock, ms) and duration (ms). */
const samples: [number, number][] = [];
const fd = fs.openSync(file, 'a');
try {
  while (Atomics.load(flag, 0) === 0) {
    const begin = performance.now();
    fs.writeSync(fd, block);
    fs.fdatasyncSync(fd);
    samples.push([performance.timeOrigin + begin, performance.now() - begin]);
    Atomics.wait(flag, 0, 0, intervalMs);
  }
} finally {
  fs.closeSync(fd);
  fs.rmSync(file, { force: true });
}
parentPort?.postMessage(samples);
