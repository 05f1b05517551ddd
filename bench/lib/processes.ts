import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface ChildServer {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

/** Returns the flags that `npm start` gives node, so that the benchmark runs the server as it ships. */
export function startScriptNodeFlags(root: string): string[] {
  const start = (JSON.parse(fs.readFileSync(`${root}/package.json`, 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/**
 * Starts a Node script and resolves once `ready` resolves true, polling it every 100 ms; the
 * script's output is kept for the error message when it exits or times out first.
 */
export async function startChild(script: string, env: Record<string, string>, ready: () => Promise<boolean>, timeoutMs = 120_000, nodeArgs: string[] = []): Promise<ChildServer> {
  const child = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let exitCode: number | null | undefined;
  child.on('exit', (code) => {
    exitCode = code;
  });
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - 200));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (exitCode !== undefined) {
      throw new Error(`${script} exited with ${exitCode} before it was ready:\n${output.slice(-20).join('\n')}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} was not ready within ${timeoutMs} ms:\n${output.slice(-20).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Returns a readiness probe: true once the URL responds to OPTIONS with 200. */
export function answersOptions(url: string): () => Promise<boolean> {
  return async () => (await fetch(url, { method: 'OPTIONS' })).status === 200;
}

/** Returns a readiness probe: true once the URL responds to a POST with any HTTP status. */
export function answersPost(url: string): () => Promise<boolean> {
  return async () => {
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return true;
  };
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) {
    throw new Error(`no VmRSS for process ${pid}`);
  }
  return Number(match[1]) * 1024;
}
