/**
 * An API process of its own, started as `npm start` starts one (for the tests of several processes: two on one
 * database, one killed, two behind nginx). The dashboard must be built already (the suite's setup builds it).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
}

export const childEnv = (env: Record<string, string>) => ({ ...process.env, PORT: '0', SIMULATOR: 'off', LOG_LEVEL: 'error', LOGIN_RATE_LIMIT: '100000', REPORT_RATE_LIMIT: '1000000', ...env });

/** `npm start`'s first half: seed the database if it holds no city (the API never seeds by itself). */
export function seedIfEmpty(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'seed/cli.ts', '--if-empty'], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seeding failed (${code}):\n${output}`)))));
}

/** `npm start`'s second half in a child process (the dashboard is already built), resolved once it listens. */
export function startApi(env: Record<string, string>, timeoutMs = 300_000): Promise<ApiProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`API process did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /open (http:\/\/[\d.]+:\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API process exited (${code}) before listening:\n${output}`));
    });
  });
}

export function stop(p: ApiProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    p.child.once('exit', () => resolve());
    p.child.kill(signal);
  });
}

