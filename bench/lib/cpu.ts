import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time from /proc (Linux only; elsewhere every reading is undefined and the report says "n/a").
 * Used to show where the machine's cores went during a measurement: the server, the load
 * generator, PostgreSQL, or something else.
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every mainstream Linux build

function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined;
  }
}

/**
 * Ticks per PostgreSQL backend serving `database` (its process title names the database), so
 * that other databases on a shared server are not counted. Undefined when we cannot see them.
 */
function postgresTicks(database: string): Map<number, number> | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(' ');
      if (!title.includes(database)) continue;
    } catch {
      continue;
    }
    const value = processTicks(Number(pid));
    if (value !== undefined) ticks.set(Number(pid), value);
  }
  return ticks;
}

/** Busy and total ticks of the whole machine (all cores). */
function machineTicks(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = (values[3] ?? 0) + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

export interface CpuSnapshot {
  at: number;
  server: number | undefined;
  postgres: Map<number, number> | undefined;
  machine: { busy: number; total: number } | undefined;
}

/** Ticks of a process and of its live children (a server started with OFFPEAK_WORKERS forks its
 * workers; the primary itself is idle). */
function processTreeTicks(pid: number): number | undefined {
  const own = processTicks(pid);
  if (own === undefined) return undefined;
  let total = own;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return own;
  }
  for (const child of pids) {
    try {
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) total += processTicks(Number(child)) ?? 0;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** Reads the CPU time of the server (with its workers), of the backends of `postgresDatabase` if
 * given, and of the machine. */
export function snapshot(serverPid: number, postgresDatabase?: string): CpuSnapshot {
  return {
    at: performance.now(),
    server: processTreeTicks(serverPid),
    postgres: postgresDatabase === undefined ? undefined : postgresTicks(postgresDatabase),
    machine: machineTicks(),
  };
}

/** Ticks the backends used between two snapshots; a backend that started in between counts from zero. */
function postgresDelta(a: CpuSnapshot, b: CpuSnapshot): number | undefined {
  if (!a.postgres || !b.postgres) return undefined;
  let total = 0;
  for (const [pid, ticks] of b.postgres) total += ticks - (a.postgres.get(pid) ?? 0);
  return total;
}

/** CPU use between two snapshots, in cores (1.0 = one core fully busy) and the machine as a share. */
export interface CpuUse {
  serverCores: number | undefined;
  postgresCores: number | undefined;
  machineBusy: number | undefined;
}

export function cpuBetween(a: CpuSnapshot, b: CpuSnapshot): CpuUse {
  const seconds = (b.at - a.at) / 1000;
  const cores = (ticks: number | undefined) =>
    ticks === undefined || seconds <= 0 ? undefined : ticks / TICKS_PER_SECOND / seconds;
  return {
    serverCores: cores(a.server === undefined || b.server === undefined ? undefined : b.server - a.server),
    postgresCores: cores(postgresDelta(a, b)),
    machineBusy:
      a.machine && b.machine && b.machine.total > a.machine.total
        ? (b.machine.busy - a.machine.busy) / (b.machine.total - a.machine.total)
        : undefined,
  };
}

/** How busy the whole machine is over `ms` milliseconds (0..1), before the bench adds its own load. */
export async function backgroundBusy(ms: number): Promise<number | undefined> {
  const a = machineTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = machineTicks();
  return a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : undefined;
}
