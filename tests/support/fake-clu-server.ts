import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCluAnswer {
  status?: number;
  delayMs?: number;
  intents?: Array<{ category: string; confidenceScore: number }>;
}

export interface FakeCluServer {
  endpoint: string;
  requests: Array<{ path: string; key: string | undefined; body: any }>;
  close(): Promise<void>;
}

/**
 * A loopback server that speaks the Azure AI Language `:analyze-conversations` REST shape
 * (https://learn.microsoft.com/rest/api/language/conversation-analysis-runtime/analyze-conversation),
 * so the real SDK client is exercised without the cloud.
 */
export async function startFakeCluServer(answer: (text: string) => FakeCluAnswer, key = 'test-key'): Promise<FakeCluServer> {
  const requests: FakeCluServer['requests'] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const presentedKey = req.headers['ocp-apim-subscription-key'] as string | undefined;
    requests.push({ path: req.url ?? '', key: presentedKey, body });
    // restify, loaded by other test files in the same worker, patches http.ServerResponse#writeHead
    // so that it no longer returns the response: never chain `.end()` on it.
    if (!req.url?.startsWith('/language/:analyze-conversations')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'no such route' } }));
      return;
    }
    if (presentedKey !== key) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: '401', message: 'Access denied due to invalid subscription key.' } }));
      return;
    }
    const text: string = body?.analysisInput?.conversationItem?.text ?? '';
    const planned = answer(text);
    if (planned.delayMs) {
      await new Promise((resolve) => setTimeout(resolve, planned.delayMs));
      // The client gave up waiting (its timeout is what the test exercises): nothing left to answer.
      if (res.destroyed || req.destroyed) return;
    }
    if (planned.status && planned.status !== 200) {
      res.writeHead(planned.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'InternalServerError', message: 'planned failure' } }));
      return;
    }
    const intents = planned.intents ?? [{ category: 'None', confidenceScore: 1 }];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'ConversationResult',
        result: { query: text, prediction: { projectKind: 'Conversation', topIntent: intents[0].category, intents, entities: [] } },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
