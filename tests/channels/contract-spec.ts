/**
 * What each channel brings to the one adapter contract suite (tests/channels/adapter-contract.test.ts):
 * recorded webhook bodies in tests/fixtures/<channel>/, a loopback fake of the platform API that
 * records outbound calls, and how to sign a body and read the calls back. The suite starts the real
 * service (server/app.ts) with the channel configured against the fake, and drives it over HTTP.
 */

/** One HTTP call the service made to the fake platform API. */
export interface RecordedCall {
  method: string;
  /** Path and query as received, e.g. `/bot123:AA…/sendMessage` or `/v25.0/12345/messages`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (or undefined for GET / non-JSON). */
  body: unknown;
  at: Date;
}

/** A message the citizen would see, read back from the recorded calls in a platform-neutral form. */
export interface SentMessage {
  /** The platform's chat / recipient id it went to. */
  chatId: string;
  text: string;
  /** Button titles (inline keyboard / reply buttons / quick replies), when any. */
  buttons?: string[];
  /** List row titles (WhatsApp list), when any. */
  listRows?: string[];
  /** Messenger/Instagram message tag (HUMAN_AGENT) when sent outside the 24 h window. */
  tag?: string;
  /** WhatsApp template name, when the message was a template. */
  template?: string;
}

export interface FakePlatform {
  /** Base URL to configure as <CHANNEL>_API_BASE_URL. */
  baseUrl: string;
  calls: RecordedCall[];
  /** The next `times` send calls answer `status` (429 with retry_after / Retry-After of `retryAfterSeconds`, or 5xx), then normal. */
  failNextSends(status: number, times: number, retryAfterSeconds?: number): void;
  /** Media the fake serves for downloads (media id / file id → bytes and type). */
  addMedia(id: string, content: Buffer, contentType: string): void;
  close(): Promise<void>;
}

export interface ChannelContractSpec {
  /** 'telegram' | 'whatsapp' | 'messenger' | 'instagram'; also the route /api/<channelId>. */
  channelId: string;
  /** Environment that turns the channel on against the fake (tokens, secrets, <CHANNEL>_API_BASE_URL). */
  environment(fake: FakePlatform): Record<string, string>;
  startFake(): Promise<FakePlatform>;
  /** A recorded body from tests/fixtures/<channel>/<name>.json, as raw bytes (signatures are over bytes). */
  fixture(name: 'text' | 'button-reply' | 'image' | 'status' | 'edit' | 'unknown-type' | 'batch'): Buffer;
  /** A text message from the fixture's citizen with the given text and platform event id (for multi-step flows). */
  textBody(text: string, eventId: string, options?: { citizenId?: string; timestamp?: Date }): Buffer;
  /** Headers of a correctly signed request for the body (signature / secret token, content type). */
  signedHeaders(body: Buffer): Record<string, string>;
  /** Headers with a wrong signature or secret. */
  badlySignedHeaders(body: Buffer): Record<string, string>;
  /** The citizen id / chat id the fixtures use (where replies must go). */
  fixtureChatId: string;
  /** The messages the recorded calls sent (send calls only: typing, receipts and downloads left out). */
  sentMessages(calls: RecordedCall[]): SentMessage[];
  /** Whether typing indicator calls were made (typing while a turn runs). */
  typingCalls(calls: RecordedCall[]): number;
  /** The platform's longest text per message, as the adapter must split to. */
  textLimit: { max: number; unit: 'chars' | 'utf8-bytes' };
  /** The platform's button count limit (beyond it: a list or numbered text). */
  buttonsMax: number;
  /** Messaging window rule: undefined (no window: Telegram), 'template-after-24h' (WhatsApp), 'human-agent-24h-7d' (Messenger/Instagram). */
  window?: 'template-after-24h' | 'human-agent-24h-7d';
}
