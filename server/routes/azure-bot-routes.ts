import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify, { type Request, type Response, type Server } from 'restify';

/** `/api/messages` for the Azure Bot Service channels; registered only when app credentials are set. */
export function registerAzureBotRoutes(
  server: Server,
  adapter: CloudAdapter,
  runTurn: (context: TurnContext) => Promise<void>,
  bodyMaxBytes: number,
): void {
  server.post('/api/messages', restify.plugins.jsonBodyParser({ maxBodySize: bodyMaxBytes, mapParams: false } as restify.plugins.BodyParserOptions), async (req: Request, res: Response) => {
    await adapter.process(req, res, runTurn);
  });
}
