import jwt from 'jsonwebtoken';
import { DirectLineTestClient } from '../support/direct-line-client';
import { eventually, type RunningService, startTestService } from '../support/test-service';

describe('Direct Line endpoint: bad input gets a clear error and changes nothing', () => {
  let running: RunningService;
  let client: DirectLineTestClient;
  let other: DirectLineTestClient;

  beforeAll(async () => {
    running = await startTestService({ WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: '1000', REQUEST_BODY_MAX_BYTES: '20000', UPLOAD_MAX_BYTES: '1024' });
    client = new DirectLineTestClient(running.url);
    await client.start();
    other = new DirectLineTestClient(running.url);
    await other.start();
    await eventually(async () => ((await client.botMessages()).length >= 2 ? true : undefined));
  });

  afterAll(async () => {
    await running.stop();
  });

  const activitiesPath = () => `/v3/directline/conversations/${client.conversationId}/activities`;

  /** The conversation's log must be exactly as before a refused request. */
  async function expectLogUnchanged(action: () => Promise<void>): Promise<void> {
    const before = await client.activities();
    await action();
    await new Promise((resolve) => setTimeout(resolve, 150));
    const after = await client.activities();
    expect(after.watermark).toBe(before.watermark);
  }

  test('when the body is malformed JSON, then the answer is 400 with a message', async () => {
    await expectLogUnchanged(async () => {
      const response = await client.request('POST', activitiesPath(), { rawBody: '{"type":"message", "text": ' });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/JSON/i);
    });
  });

  test('when the body is over the limit, then the answer is 413', async () => {
    await expectLogUnchanged(async () => {
      const response = await client.request('POST', activitiesPath(), {
        rawBody: JSON.stringify({ type: 'message', from: { id: 'x' }, text: 'a'.repeat(30000) }),
      });
      expect(response.status).toBe(413);
      expect(response.json.error.code).toMatch(/PayloadTooLarge/);
    });
  });

  test('when an activity has no text and no attachments, then the answer is 400 naming the field', async () => {
    await expectLogUnchanged(async () => {
      const response = await client.request('POST', activitiesPath(), { body: { type: 'message', from: { id: client.userId } } });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/text/);
    });
  });

  test('when the text is over 4,000 characters, then the answer is 400', async () => {
    await expectLogUnchanged(async () => {
      const response = await client.request('POST', activitiesPath(), { body: { type: 'message', from: { id: client.userId }, text: 'a'.repeat(4001) } });
      expect(response.status).toBe(400);
      expect(response.json.error.message).toMatch(/4000/);
    });
  });

  test('when the activity has no sender or an unknown type, then the answer is 400', async () => {
    expect((await client.request('POST', activitiesPath(), { body: { type: 'message', text: 'halo' } })).status).toBe(400);
    expect((await client.request('POST', activitiesPath(), { body: { type: 'invoke', from: { id: 'u' }, text: 'halo' } })).status).toBe(400);
    expect((await client.request('POST', activitiesPath(), { body: [1, 2] })).status).toBe(400);
  });

  test('when the conversation does not exist, then the answer is 404', async () => {
    const secret = running.service.config.secrets.directLine;
    const response = await client.request('GET', '/v3/directline/conversations/no-such-conversation/activities', { token: secret });
    expect(response.status).toBe(404);
    expect(response.json.error.message).toMatch(/not found/i);
    const posted = await client.request('POST', '/v3/directline/conversations/no-such-conversation/activities', {
      token: secret,
      body: { type: 'message', from: { id: 'u' }, text: 'halo' },
    });
    expect(posted.status).toBe(404);
  });

  test('when the token is missing, then the answer is 401', async () => {
    const response = await client.request('GET', activitiesPath(), { token: null });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('MissingCredentials');
  });

  test('when the token is forged, then the answer is 401', async () => {
    const forged = jwt.sign({ user: client.userId }, 'not-the-signing-secret-of-this-service', {
      audience: 'tanya-pabean/directline',
      issuer: 'tanya-pabean',
      subject: client.conversationId,
      expiresIn: 600,
    });
    expect((await client.request('GET', activitiesPath(), { token: forged })).status).toBe(401);
    expect((await client.request('GET', activitiesPath(), { token: 'garbage' })).status).toBe(401);
  });

  test('when the token has expired, then the answer is 403', async () => {
    const expired = jwt.sign({ user: client.userId, exp: Math.floor(Date.now() / 1000) - 10 }, running.service.config.secrets.tokenSigning, {
      audience: 'tanya-pabean/directline',
      issuer: 'tanya-pabean',
      subject: client.conversationId,
    });
    const response = await client.request('GET', activitiesPath(), { token: expired });
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('TokenExpired');
  });

  test('when a token of another conversation is used, then the answer is 403 and nothing is posted', async () => {
    await expectLogUnchanged(async () => {
      const response = await client.request('POST', activitiesPath(), { token: other.token, body: { type: 'message', from: { id: 'u' }, text: 'halo' } });
      expect(response.status).toBe(403);
      expect(response.json.error.code).toBe('WrongConversation');
    });
    expect((await client.request('GET', activitiesPath(), { token: other.token })).status).toBe(403);
  });

  test('when a stream is opened with a bad token, then the upgrade is refused', async () => {
    const response = await fetch(`${running.url}/v3/directline/conversations/${client.conversationId}/stream?t=${other.token}`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    }).catch((error: Error) => error);
    // fetch cannot speak WebSocket; what matters is that no 101 Switching Protocols came back.
    if (!(response instanceof Error)) expect(response.status).not.toBe(101);
  });

  test('when an upload exceeds the size limit, then the answer is 413 and nothing is stored', async () => {
    await expectLogUnchanged(async () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.alloc(4096, 1)], { type: 'image/png' }), 'big.png');
      const response = await fetch(`${running.url}/v3/directline/conversations/${client.conversationId}/upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}` },
        body: form,
      });
      expect(response.status).toBe(413);
    });
  });

  test('when an upload is not multipart, then the answer is 400', async () => {
    const response = await client.request('POST', `/v3/directline/conversations/${client.conversationId}/upload`, { rawBody: '{}' });
    expect(response.status).toBe(400);
  });

  test('when an unknown route is asked for, then the answer is 404 in the same error shape', async () => {
    const response = await client.request('GET', '/v3/directline/nothing-here');
    expect(response.status).toBe(404);
    expect(response.json.error).toBeDefined();
  });

  test('after all the bad requests, the process still serves the conversation', async () => {
    const posted = await client.send('halo');
    expect(posted.status).toBe(200);
    await eventually(async () => ((await client.botMessages()).some((message) => message.replyToId === posted.json.id) ? true : undefined));
  });
});

describe('anonymous web chat tokens', () => {
  test('when one client address asks for too many tokens in a minute, then it gets 429', async () => {
    const running = await startTestService({ WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 5; index += 1) {
        statuses.push((await fetch(`${running.url}/api/webchat/token`, { method: 'POST' })).status);
      }
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toContain(429);
    } finally {
      await running.stop();
    }
  });
});
