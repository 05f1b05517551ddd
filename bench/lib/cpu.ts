import * as fs from 'node:fs';

/** Linux reports process CPU time in clock ticks of USER_HZ, which is 100 on x86 and arm64. */
const TICKS_PER_SECOND = 100;

/** CPU seconds used so far by each part of a benchmark run. */
export interface CpuTotals {
  server: number;
  baseline: number;
  postgres: number;
  load: number;
}

/**
 * Reads from /proc the CPU time used so far by the server, the baseline server, this process
 * (the load generator) and the PostgreSQL cluster whose data directory is `clusterDir`. The
 * cluster's time covers its postmaster and live backends, and through the postmaster's children
 * time also the backends that already exited. Returns null where /proc is missing (off Linux).
 */
export function readCpuTotals(pids: { server: number; baseline: number }, clusterDir: string): CpuTotals | null {
  if (!fs.existsSync('/proc/self/stat')) {
    return null;
  }
  const processes = fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProcess(Number(entry)))
    .filter((entry): entry is ProcessTimes => entry !== null);
  const postmaster = processes.find((entry) => entry.command.includes('postgres') && entry.command.includes(clusterDir));
  const totals: CpuTotals = { server: 0, baseline: 0, postgres: 0, load: 0 };
  for (const entry of processes) {
    if (entry.pid === pids.server) {
      totals.server += entry.own;
    } else if (entry.pid === pids.baseline) {
      totals.baseline += entry.own;
    } else if (entry.pid === process.pid) {
      totals.load += entry.own;
    } else if (postmaster && entry.pid === postmaster.pid) {
      totals.postgres += entry.own + entry.children;
    } else if (postmaster && entry.parent === postmaster.pid) {
      totals.postgres += entry.own;
    }
  }
  return totals;
}

/** Computes the CPU seconds each part used between two readings. */
export function cpuBetween(before: CpuTotals, after: CpuTotals): CpuTotals {
  return {
    server: after.server - before.server,
    baseline: after.baseline - before.baseline,
    postgres: after.postgres - before.postgres,
    load: after.load - before.load,
  };
}

interface ProcessTimes {
  pid: number;
  parent: number;
  command: string;
  /** CPU seconds of the process itself (user and system). */
  own: number;
  /** CPU seconds of its children that it has reaped. */
  children: number;
}

function readProcess(pid: number): ProcessTimes | null {
  let stat: string;
  let command: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    // The process exited between the directory listing and the read.
    return null;
  }
  // The command name in parentheses may contain spaces; the numeric fields follow its closing bracket.
  // After it come state, ppid, ... and utime, stime, cutime, cstime at positions 11 to 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    parent: Number(fields[1]),
    command,
    own: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    children: (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND,
  };
}
