import { DirectLineTestClient, openStream } from '../support/direct-line-client';
import { eventually, type RunningService, startTestService } from '../support/test-service';

const WELCOME = /GRATIS/;
const GREETING_REPLY = /Ada yang bisa kami bantu/;

describe('Direct Line 3.0 endpoint, end to end over HTTP', () => {
  let running: RunningService;

  beforeAll(async () => {
    running = await startTestService({ WEBCHAT_TOKEN_REQUESTS_PER_MINUTE: '1000', REQUEST_BODY_MAX_BYTES: '20000' });
  });

  afterAll(async () => {
    await running.stop();
  });

  test('when a citizen starts a conversation and says "halo", then the welcome and a reply arrive through GET with watermark', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    const welcome = await eventually(async () => {
      const messages = await client.botMessages();
      return messages.length >= 2 ? messages : undefined;
    });
    expect(welcome[0].text).toMatch(WELCOME);
    expect(welcome[0].text).toMatch(/08\.00–16\.30 WITA/);
    expect(welcome[1].suggestedActions?.actions.map((action) => action.title)).toEqual(['Bahasa Indonesia', 'English']);

    const first = await client.activities();
    const posted = await client.send('halo');
    expect(posted.status).toBe(200);
    expect(posted.json.id).toMatch(new RegExp(`^${client.conversationId}\\|\\d{7}$`));

    const reply = await eventually(async () => {
      const set = await client.activities(first.watermark);
      const botReply = set.activities.find((activity) => activity.from?.role === 'bot');
      return botReply ? set : undefined;
    });
    // The citizen's own message is echoed first (Web Chat marks it sent), then the bot's reply.
    expect(reply.activities[0]).toMatchObject({ id: posted.json.id, text: 'halo', from: { id: client.userId } });
    expect(reply.activities.find((activity) => activity.from?.role === 'bot')?.text).toMatch(GREETING_REPLY);
    expect(Number(reply.watermark)).toBeGreaterThan(Number(first.watermark));

    const nothingNew = await client.activities(reply.watermark);
    expect(nothingNew.activities).toEqual([]);
    expect(nothingNew.watermark).toBe(reply.watermark);
  });

  test('when a client opens the WebSocket stream, then it receives the history, its own message and the reply', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    const stream = await openStream(client.streamUrl);
    await eventually(async () => (stream.activities().filter((activity) => activity.from?.role === 'bot').length >= 2 ? true : undefined));
    await client.send('terima kasih');
    const reply = await eventually(async () => stream.activities().find((activity) => activity.replyToId !== undefined && activity.from?.role === 'bot'));
    expect(reply.text).toMatch(/Sama-sama/);
    const ids = stream.activities().map((activity) => activity.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(stream.frames.every((frame) => frame.watermark === undefined || /^\d+$/.test(frame.watermark))).toBe(true);
    stream.socket.close();
  });

  test('when the page reconnects with the same token, then the conversation and its history come back', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    await client.send('halo');
    await eventually(async () => ((await client.botMessages()).length >= 3 ? true : undefined));

    const resumed = await client.request('GET', `/v3/directline/conversations/${client.conversationId}?watermark=2`);
    expect(resumed.status).toBe(200);
    expect(resumed.json.conversationId).toBe(client.conversationId);
    expect(resumed.json.streamUrl).toContain('watermark=2');

    const stream = await openStream(resumed.json.streamUrl);
    const history = await eventually(async () => {
      const texts = stream.activities().map((activity) => activity.text);
      return texts.includes('halo') ? texts : undefined;
    });
    // From watermark 2 on: the citizen's "halo" and the reply, not the welcome again.
    expect(history.some((text) => WELCOME.test(text ?? ''))).toBe(false);
    stream.socket.close();

    const restarted = await client.request('POST', '/v3/directline/conversations', { body: {} });
    expect(restarted.status).toBe(200);
    expect(restarted.json.conversationId).toBe(client.conversationId);
    const messages = await client.botMessages();
    expect(messages.filter((message) => WELCOME.test(message.text ?? ''))).toHaveLength(1);
  });

  test('when a second stream opens for the same conversation, then the older one is closed as a collision', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    const older = await openStream(client.streamUrl);
    const newer = await openStream(client.streamUrl);
    await expect(older.closed).resolves.toMatchObject({ code: 4000, reason: 'collision' });
    await client.send('halo');
    await eventually(async () => (newer.activities().some((activity) => GREETING_REPLY.test(activity.text ?? '')) ? true : undefined));
    newer.socket.close();
  });

  test('when a token is refreshed, then the new token works for the same conversation', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    const refreshed = await client.request('POST', '/v3/directline/tokens/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.conversationId).toBe(client.conversationId);
    expect(refreshed.json.expires_in).toBe(1800);
    const withNewToken = await client.request('GET', `/v3/directline/conversations/${client.conversationId}/activities`, { token: refreshed.json.token });
    expect(withNewToken.status).toBe(200);
  });

  test('when a trusted service uses the Direct Line secret, then it can generate a token and start a conversation', async () => {
    const secret = running.service.config.secrets.directLine;
    const generated = await new DirectLineTestClient(running.url).request('POST', '/v3/directline/tokens/generate', {
      token: secret,
      body: { user: { id: 'dl_portal-user' } },
    });
    expect(generated.status).toBe(200);
    const client = new DirectLineTestClient(running.url);
    client.token = generated.json.token;
    const started = await client.request('POST', '/v3/directline/conversations', { body: {} });
    expect(started.status).toBe(201);
    expect(started.json.conversationId).toBe(generated.json.conversationId);
    client.conversationId = started.json.conversationId;
    // The token is bound to its user: a different `from.id` is replaced by it.
    await client.send('halo', { from: { id: 'someone-else' } });
    const echoed = await eventually(async () => (await client.activities()).activities.find((activity) => activity.text === 'halo'));
    expect(echoed.from?.id).toBe('dl_portal-user');

    const withoutSecret = await new DirectLineTestClient(running.url).request('POST', '/v3/directline/tokens/generate', { token: client.token });
    expect(withoutSecret.status).toBe(403);
  });

  test('when a citizen uploads a file, then it is stored, linked from the activity and served back', async () => {
    const client = new DirectLineTestClient(running.url);
    await client.start();
    const form = new FormData();
    form.append('activity', new Blob([JSON.stringify({ type: 'message', from: { id: client.userId } })], { type: 'application/vnd.microsoft.activity' }));
    form.append('file', new Blob([Buffer.from('%PDF-1.4 invoice')], { type: 'application/pdf' }), 'invoice.pdf');
    const response = await fetch(`${running.url}/v3/directline/conversations/${client.conversationId}/upload?userId=${client.userId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}` },
      body: form,
    });
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    const uploaded = await eventually(async () => (await client.activities()).activities.find((activity) => activity.id === id));
    const attachments = uploaded.attachments as Array<{ contentType: string; contentUrl: string; name: string }>;
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({ contentType: 'application/pdf', name: 'invoice.pdf' });
    const download = await fetch(attachments[0].contentUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('%PDF-1.4 invoice');
    const reply = await eventually(async () => (await client.botMessages()).find((message) => /berkas/.test(message.text ?? '')));
    expect(reply.text).toMatch(/1 berkas/);
  });

  test('when turns run, then /metrics counts them by channel and the readiness probe reports storage', async () => {
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', storage: 'sqlite' });
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/tanya_pabean_turns_total\{channel="webchat",outcome="ok"\} [1-9]/);
    expect(metrics).toMatch(/tanya_pabean_turn_duration_seconds_count\{channel="webchat"\} [1-9]/);
    expect(metrics).toMatch(/tanya_pabean_webhook_requests_total\{channel="webchat",status="200"\} [1-9]/);
  });
});
