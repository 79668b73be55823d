/** `npm run worker` as a child process, for crash tests: started in its own process group so SIGKILL reaches the node process behind npx and tsx. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  output: () => string;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  let out = '';
  const child = spawn('npx', ['tsx', 'src/worker.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready: ${out}`)), 20_000);
    child.stdout!.on('data', () => {
      if (out.includes('worker ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}): ${out}`));
    });
  });
  return { child, ready, output: () => out };
}

/** SIGKILLs the worker's whole process group and waits for it to be gone. */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    return; // already gone
  }
  await exited;
}
