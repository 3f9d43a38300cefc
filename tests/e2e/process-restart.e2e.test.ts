import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { DirectLineTestClient } from '../support/direct-line-client';
import { eventually, freshDataDir } from '../support/test-service';

const root = path.resolve(__dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the compiled service exactly as `npm start` does, and waits until it is ready. */
async function startProcess(dataDir: string, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', path.join(root, 'dist', 'server', 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await eventually(async () => {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`);
    return response.status === 200 ? true : undefined;
  }, 20_000, 100).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n${output}`);
  });
  return { child, output: () => output, exited };
}

describe('the service process restarts on the same DATA_DIR', () => {
  const dataDir = freshDataDir();
  let port: number;
  let running: ServerProcess | undefined;

  beforeAll(async () => {
    // `npm start` compiles when dist/ is missing or stale; do the same here so this test runs the real entry point.
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build-if-needed.js')], { cwd: root, stdio: 'inherit' });
    port = await freePort();
  }, 120_000);

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('when the process is stopped with SIGTERM and started again, then the conversation continues where it was', async () => {
    running = await startProcess(dataDir, port);
    const client = new DirectLineTestClient(`http://127.0.0.1:${port}`);
    await client.start();
    const switched = await client.send('english please');
    await eventually(async () => ((await client.botMessages()).some((message) => message.replyToId === switched.json.id) ? true : undefined));

    // A message that arrives just before the signal is still answered: shutdown lets running turns finish.
    const last = await client.send('thanks');
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    expect(running.output()).toMatch(/"msg":"stopped"/);

    running = await startProcess(dataDir, port);
    const resumed = await client.request('GET', `/v3/directline/conversations/${client.conversationId}`);
    expect(resumed.status).toBe(200);
    const history = await client.botMessages();
    expect(history.some((message) => message.replyToId === last.json.id && /welcome/i.test(String(message.text)))).toBe(true);

    // The language chosen before the restart is still the citizen's language.
    const again = await client.send('halo');
    const reply = await eventually(async () => (await client.botMessages()).find((message) => message.replyToId === again.json.id));
    expect(reply.text).toMatch(/^Hello!/);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    running = undefined;
  }, 60_000);
});
