import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import restify, { type Request, type Response, type Server } from 'restify';
import type { DirectLineTokens } from '../../adapters/webchat/direct-line-tokens';
import { projectRoot } from '../config';
import { sendRouteError } from '../http-errors';
import { newConversationId } from './direct-line-routes';

export interface WebChatPageOptions {
  tokens: DirectLineTokens;
  officeName: string;
  serviceHours: { id: string; en: string };
  tokenRequestsPerMinute: number;
  trustProxy: boolean;
  logger: Logger;
}

/** The official Web Chat bundle, served from node_modules: no CDN is reachable or wanted. */
function webChatBundlePath(): string {
  // The package's exports map hides dist/, so resolve its entry and step over to the bundle.
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

function sendFile(res: Response, file: string, contentType: string, cacheControl: string): void {
  const size = statSync(file).size;
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': size, 'Cache-Control': cacheControl });
  createReadStream(file).pipe(res);
}

/**
 * The citizen's web chat page at `/`, its settings, and anonymous tokens. A token from
 * POST /api/webchat/token is bound to a fresh conversation and a fresh user id, so a page can only
 * ever read its own conversation.
 */
export function registerWebChatPageRoutes(server: Server, options: WebChatPageOptions): void {
  const pageDir = path.join(projectRoot(), 'web', 'webchat');
  const throttle = restify.plugins.throttle({
    burst: options.tokenRequestsPerMinute,
    rate: options.tokenRequestsPerMinute / 60,
    ip: !options.trustProxy,
    xff: options.trustProxy,
  });

  server.get('/', async (_req: Request, res: Response) => sendFile(res, path.join(pageDir, 'index.html'), 'text/html; charset=utf-8', 'no-cache'));
  server.get('/webchat/app.js', async (_req: Request, res: Response) =>
    sendFile(res, path.join(pageDir, 'app.js'), 'text/javascript; charset=utf-8', 'no-cache'),
  );
  server.get('/webchat/style.css', async (_req: Request, res: Response) =>
    sendFile(res, path.join(pageDir, 'style.css'), 'text/css; charset=utf-8', 'no-cache'),
  );
  server.get('/webchat/vendor/webchat.js', async (_req: Request, res: Response) =>
    sendFile(res, webChatBundlePath(), 'text/javascript; charset=utf-8', 'public, max-age=86400'),
  );

  server.get('/api/webchat/settings', async (_req: Request, res: Response) => {
    res.send(200, { officeName: options.officeName, serviceHours: options.serviceHours, directLinePath: '/v3/directline' });
  });

  server.post('/api/webchat/token', throttle, async (_req: Request, res: Response) => {
    try {
      const userId = `dl_${randomBytes(12).toString('base64url')}`;
      const issued = options.tokens.issue(newConversationId(), userId);
      res.send(200, { ...issued, userId });
    } catch (error) {
      sendRouteError(res, error, (err) => options.logger.error({ err }, 'web chat token failed'));
    }
  });
}
