import { spawn } from 'node:child_process';
import path from 'node:path';
import type { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

/**
 * A second process on the same SQLite file, for the contract suites' races (ticket numbers, SLA
 * claims, channel-event claims). `childSource` is the script the child runs (node -e): it reads the
 * JSON payload from argv, prints "ready", waits for `{ startAt }` on stdin, does `job`, and prints
 * its result as the last line of stdout.
 */
export async function startChildProcess(
  backend: SqliteBackend,
  childSource: string,
  job: object,
): Promise<{ go: (startAt: number) => void; result: Promise<unknown[]> }> {
  const repositoryRoot = path.resolve(__dirname, '../..');
  const payload = {
    ...job,
    backendModule: path.join(repositoryRoot, 'storage/sqlite/sqlite-backend.ts'),
    dataDir: path.dirname(backend.filePath),
    fileName: path.basename(backend.filePath),
  };
  const child = spawn(process.execPath, ['-e', childSource, JSON.stringify(payload)], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
    void exited.then((code) => reject(new Error(`the child process exited (${code}) before it was ready: ${stderr}`)));
  });
  const result = exited.then((code) => {
    if (code !== 0) throw new Error(`the child process failed (${code}): ${stderr}`);
    const lines = stdout.trim().split('\n');
    return JSON.parse(lines[lines.length - 1]) as unknown[];
  });
  return { go: (startAt) => child.stdin.end(`${JSON.stringify({ startAt })}\n`), result };
}

/**
 * Between two calls each process yields for a timer tick: SQLite's busy handler makes a waiting
 * process sleep, and without the pause the lock holder would run its whole loop before the other
 * gets a turn, so the two processes would take turns in blocks instead of interleaving.
 */
export const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Lets the child process and this one start their loops at the same moment. */
export async function startTogether(child: { go: (startAt: number) => void }): Promise<void> {
  const startAt = Date.now() + 150;
  child.go(startAt);
  await new Promise((resolve) => setTimeout(resolve, startAt - Date.now()));
}
