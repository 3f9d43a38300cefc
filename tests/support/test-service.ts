import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createService, type Service } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';

export interface RunningService {
  url: string;
  service: Service;
  dataDir: string;
  /** Stops the service; removes DATA_DIR unless `keepData` (for restart tests). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export function freshDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'tanya-pabean-test-'));
}

/** Boots the real service on an ephemeral loopback port with its own DATA_DIR. */
export async function startTestService(environment: Record<string, string> = {}, dataDir = freshDataDir()): Promise<RunningService> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ACTIVITY_POLL_INTERVAL_MS: '200', ...environment });
  const service = await createService(config, { logger: createLogger(config.logLevel) });
  const url = await service.listen(0, '127.0.0.1');
  return {
    url,
    service,
    dataDir,
    stop: async (options = {}) => {
      await service.close();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value (not undefined) or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`eventually(): condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}
