// `diptych review` as a user runs it: the built CLI in a child process,
// listening on a free port, its address read from what it prints. Two of
// them on one store are two review servers as a team runs them.
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from './cli.js';
import { TOKEN } from './review.js';

export interface ServedReview {
  child: ChildProcess;
  port: number;
  origin: string;
  exited: Promise<number | null>;
  /** SIGTERM, and the exit code once it has finished its saves and publications. */
  stop(): Promise<number | null>;
}

/** `cwd`: where it runs (its default glossary is `glossary/` there; default this process's). */
export function serveReview(out: string, extra: string[] = [], options: { cwd?: string } = {}): Promise<ServedReview> {
  const child = spawn(process.execPath, [cliPath, 'review', out, '--port', '0', '--token', TOKEN, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^http:\/\/127\.0\.0\.1:(\d+)\/\?token=/m.exec(stdout);
      if (!match) return;
      const port = Number(match[1]);
      resolve({
        child,
        port,
        origin: `http://127.0.0.1:${port}`,
        exited,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then((code) => reject(new Error(`review exited (${code}) before listening: ${stderr}`)));
  });
}
