import WebSocket from 'ws';

export interface Activity {
  id?: string;
  type: string;
  text?: string;
  from?: { id: string; role?: string };
  suggestedActions?: { actions: Array<{ title?: string; value?: unknown }> };
  [key: string]: unknown;
}

export interface ActivitySet {
  activities: Activity[];
  watermark?: string;
}

/** A minimal Direct Line 3.0 client over real HTTP, as a page or another service would use it. */
export class DirectLineTestClient {
  conversationId = '';
  token = '';
  streamUrl = '';
  userId = '';

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: { body?: unknown; rawBody?: string; token?: string | null; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? this.token : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, json: json as Record<string, any>, text };
  }

  /** POST /api/webchat/token then POST /v3/directline/conversations, as the web chat page does. */
  async start(locale = 'id-ID'): Promise<void> {
    const issued = await this.request('POST', '/api/webchat/token', { token: null });
    if (issued.status !== 200) throw new Error(`token: ${issued.status} ${issued.text}`);
    this.token = issued.json.token;
    this.userId = issued.json.userId;
    const started = await this.request('POST', '/v3/directline/conversations', { body: { locale } });
    if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
    this.conversationId = started.json.conversationId;
    this.streamUrl = started.json.streamUrl;
  }

  async send(text: string, extra: Record<string, unknown> = {}) {
    return this.request('POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      body: { type: 'message', from: { id: this.userId }, text, locale: 'id-ID', ...extra },
    });
  }

  async activities(watermark?: string): Promise<ActivitySet> {
    const query = watermark === undefined ? '' : `?watermark=${watermark}`;
    const response = await this.request('GET', `/v3/directline/conversations/${this.conversationId}/activities${query}`);
    if (response.status !== 200) throw new Error(`activities: ${response.status} ${response.text}`);
    return response.json as ActivitySet;
  }

  /** Bot messages so far (GET with watermark 0). */
  async botMessages(): Promise<Activity[]> {
    const set = await this.activities();
    return set.activities.filter((activity) => activity.from?.role === 'bot' && activity.type === 'message');
  }
}

/** Opens a stream URL and collects every ActivitySet frame it receives. */
export async function openStream(streamUrl: string): Promise<{ socket: WebSocket; frames: ActivitySet[]; activities: () => Activity[]; closed: Promise<{ code: number; reason: string }> }> {
  const socket = new WebSocket(streamUrl);
  const frames: ActivitySet[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on('message', (data) => {
    const text = data.toString();
    if (text) frames.push(JSON.parse(text) as ActivitySet);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, activities: () => frames.flatMap((frame) => frame.activities), closed };
}
