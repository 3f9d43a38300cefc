import type { Request, Response, Server } from 'restify';
import type { StorageBackend } from '../../storage/repositories';
import type { ServiceMetrics } from '../metrics';

const READINESS_TIMEOUT_MS = 2000;

/** /healthz: the process answers. /readyz: storage answers too. /metrics: Prometheus text. */
export function registerHealthRoutes(server: Server, storage: StorageBackend, metrics: ServiceMetrics, isShuttingDown: () => boolean): void {
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: Request, res: Response) => {
    if (isShuttingDown()) {
      res.send(503, { status: 'shutting down' });
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        storage.ping(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('storage did not answer in time')), READINESS_TIMEOUT_MS);
        }),
      ]);
      res.send(200, { status: 'ready', storage: storage.kind });
    } catch (error) {
      res.send(503, { status: 'not ready', storage: storage.kind, reason: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  });

  server.get('/metrics', async (_req: Request, res: Response) => {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
    res.end(body);
  });
}
