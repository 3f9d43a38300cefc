import { startTestService } from '../support/test-service';

const activity = {
  type: 'message',
  id: 'a1',
  text: 'halo',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: 'user' },
  recipient: { id: 'bot' },
  conversation: { id: 'conv' },
};

describe('optional Azure Bot Service path (/api/messages)', () => {
  test('when no Azure app credentials are configured, then /api/messages does not exist', async () => {
    const running = await startTestService();
    try {
      const response = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(response.status).toBe(404);
    } finally {
      await running.stop();
    }
  });

  test('when credentials are configured, then CloudAdapter serves /api/messages and refuses an unauthenticated request with 401', async () => {
    const running = await startTestService({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-password' });
    try {
      const response = await fetch(`${running.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(response.status).toBe(401);
      const forged = await fetch(`${running.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' },
        body: JSON.stringify(activity),
      });
      expect(forged.status).toBe(401);
      const healthy = await fetch(`${running.url}/healthz`);
      expect(healthy.status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});
