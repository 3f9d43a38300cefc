import { rmSync } from 'node:fs';
import { run } from '../../server/cli/channels';
import { TelegramFake } from '../support/fakes/telegram-fake';
import { freshDataDir } from '../support/test-service';
import { instagramSpec } from './instagram.spec';
import { messengerSpec } from './messenger.spec';
import { TELEGRAM_TEST_SECRET, TELEGRAM_TEST_TOKEN } from './telegram.spec';

describe('npm run channels', () => {
  let fake: TelegramFake;
  let dataDir: string;
  beforeAll(async () => {
    fake = await new TelegramFake(TELEGRAM_TEST_TOKEN).start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    dataDir = freshDataDir();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const environment = (extra: Record<string, string> = {}) => ({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: TELEGRAM_TEST_TOKEN,
    TELEGRAM_WEBHOOK_SECRET: TELEGRAM_TEST_SECRET,
    TELEGRAM_API_BASE_URL: fake.baseUrl,
    PUBLIC_BASE_URL: 'https://pabean.example.go.id',
    ...extra,
  });
  const cli = async (argv: string[], env: Record<string, string>) => {
    let out = '';
    let err = '';
    const code = await run(argv, env, { write: (text: string) => (out += text) }, { write: (text: string) => (err += text) });
    return { code, out, err };
  };

  test('telegram:set-webhook registers /api/telegram with the secret token and the update types the bot reads', async () => {
    const result = await cli(['telegram:set-webhook'], environment());
    expect(result).toMatchObject({ code: 0, out: 'Telegram webhook set: https://pabean.example.go.id/api/telegram\n' });
    expect(fake.webhook).toEqual({
      url: 'https://pabean.example.go.id/api/telegram',
      secret_token: TELEGRAM_TEST_SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
      drop_pending_updates: false,
    });
    const info = await cli(['telegram:webhook-info'], environment());
    expect(info.code).toBe(0);
    expect(info.out).toContain('url: https://pabean.example.go.id/api/telegram');
    expect(info.out).toContain('pending updates: 0');
    expect((await cli(['telegram:delete-webhook', '--drop-pending-updates'], environment())).code).toBe(0);
    expect(fake.webhook).toBeUndefined();
  });

  test.each([
    ['no command', [], {}, /a command is needed/],
    ['an unknown command', ['telegram:frobnicate'], {}, /unknown command "telegram:frobnicate"/],
    ['an unknown option', ['telegram:set-webhook', '--force'], {}, /Unknown option '--force'/],
    ['Telegram not configured', ['telegram:webhook-info'], { TELEGRAM_BOT_TOKEN: '', TELEGRAM_WEBHOOK_SECRET: '' }, /Telegram is not configured/],
    ['no public address', ['telegram:set-webhook'], { PUBLIC_BASE_URL: '' }, /PUBLIC_BASE_URL is not set/],
    ['a public address without https', ['telegram:set-webhook'], { PUBLIC_BASE_URL: 'http://pabean.example.go.id' }, /must start with https:\/\//],
    ['a half-configured channel', ['telegram:webhook-info'], { TELEGRAM_WEBHOOK_SECRET: '' }, /telegram is half configured/],
  ])('with %s, it explains and exits 2', async (_case, argv, extra, message) => {
    const result = await cli(argv, environment(extra));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  test('when Telegram refuses the token, then it says so and exits 1', async () => {
    const result = await cli(['telegram:webhook-info'], environment({ TELEGRAM_BOT_TOKEN: '987654321:AAnother-token-the-fake-refuses_xx' }));
    expect(result).toMatchObject({ code: 1, err: 'channels: Telegram getWebhookInfo: Unauthorized\n' });
    expect(result.err).not.toContain('987654321');
  });

  test.each([
    ['messenger:subscribe', messengerSpec, /Messenger: the app is subscribed/],
    ['instagram:subscribe', instagramSpec, /Instagram: the app is subscribed/],
  ] as const)('%s subscribes the app to the webhook fields again (Meta unsubscribes it after an hour of failures)', async (command, spec, said) => {
    const meta = await spec.startFake();
    try {
      const result = await cli([command], { NODE_ENV: 'test', DATA_DIR: dataDir, ...spec.environment(meta) });
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toMatch(said);
      const call = meta.calls.find((recorded) => recorded.path.includes('/subscribed_apps'));
      expect(call?.method).toBe('POST');
      expect(call?.path).toMatch(/subscribed_fields=[a-z_,%2C]*messages/);
      const missing = await cli([command], { NODE_ENV: 'test', DATA_DIR: dataDir });
      expect(missing.code).toBe(2);
      expect(missing.err).toMatch(/is not configured/);
    } finally {
      await meta.close();
    }
  });
});
