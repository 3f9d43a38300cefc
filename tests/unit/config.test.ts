import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, projectRoot, settings } from '../../server/config';
import { freshDataDir } from '../support/test-service';

describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = freshDataDir();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('when nothing is set, then the embedded defaults apply', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({ env: 'development', port: 3978, host: '0.0.0.0', logLevel: 'info', mongodb: undefined, azureBot: undefined });
    expect(config.directLine.tokenTtlSeconds).toBe(1800);
    expect(config.officeCalendarFile).toBe(path.join(projectRoot(), 'officers/calendars/kppbc-contoh.json'));
  });

  test('when a value is bad, then one clear line names the variable and what is expected', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: 'abc' })).toThrow(new ConfigError('Configuration error: PORT is invalid: expected a whole number from 1 to 65535 (got "abc").'));
    expect(() => loadConfig({ DATA_DIR: dataDir, PORT: '70000' })).toThrow(/PORT is invalid/);
    expect(() => loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL is invalid/);
    expect(() => loadConfig({ DATA_DIR: dataDir, MONGODB_URI: 'postgres://x' })).toThrow(/MONGODB_URI is invalid: expected a mongodb:\/\//);
    expect(() => loadConfig({ DATA_DIR: dataDir, PUBLIC_BASE_URL: 'not a url' })).toThrow(/PUBLIC_BASE_URL is invalid/);
    expect(() => loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY is invalid: expected true or false/);
  });

  test('when a secret is bad, then the message does not show it', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, TOKEN_SIGNING_SECRET: 'short-secret' })).toThrow(/TOKEN_SIGNING_SECRET is invalid: expected at least 32 characters \(got \(hidden\)\)/);
  });

  test('when secrets are missing in development, then they are generated once, kept under DATA_DIR and reused', () => {
    const first = loadConfig({ DATA_DIR: dataDir });
    const file = path.join(dataDir, 'secrets.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.secrets.generated).toBe(true);
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.secrets).toEqual(first.secrets);
    expect(Buffer.from(first.secrets.fieldEncryptionKey, 'base64')).toHaveLength(32);
  });

  test('when secrets are missing in production, then start-up is refused and nothing is generated', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(
      /TOKEN_SIGNING_SECRET, FIELD_ENCRYPTION_KEY, DIRECTLINE_SECRET must be set in production/,
    );
    expect(existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
  });

  test('when all secrets are given in production, then they are used as given', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      TOKEN_SIGNING_SECRET: 's'.repeat(40),
      FIELD_ENCRYPTION_KEY: 'ab'.repeat(32),
      DIRECTLINE_SECRET: 'd'.repeat(40),
    });
    expect(config.secrets).toEqual({ tokenSigning: 's'.repeat(40), fieldEncryptionKey: 'ab'.repeat(32), directLine: 'd'.repeat(40), generated: false });
  });

  test('when only one of the Azure Bot credentials is set, then start-up is refused', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, MICROSOFT_APP_ID: 'app' })).toThrow(/MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD must be set together/);
    expect(loadConfig({ DATA_DIR: dataDir, MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' }).azureBot).toMatchObject({ appId: 'app', appType: 'MultiTenant' });
  });

  test('a channel is off until all its variables are set; a half-configured channel stops start-up naming what is missing', () => {
    expect(loadConfig({ DATA_DIR: dataDir }).channels).toEqual({ maxAttempts: 5 });
    expect(() => loadConfig({ DATA_DIR: dataDir, WHATSAPP_ACCESS_TOKEN: 'token', WHATSAPP_APP_SECRET: 'secret' })).toThrow(
      /whatsapp is half configured: set WHATSAPP_VERIFY_TOKEN, WHATSAPP_PHONE_NUMBER_ID too/,
    );
    const config = loadConfig({ DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: '123456789:AAbbccddeeffgghhiijjkkll', TELEGRAM_WEBHOOK_SECRET: 'rahasia_webhook-1' });
    expect(config.channels.telegram).toEqual({ botToken: '123456789:AAbbccddeeffgghhiijjkkll', webhookSecret: 'rahasia_webhook-1', apiBaseUrl: 'https://api.telegram.org', mode: 'webhook' });
    expect(() => loadConfig({ DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_WEBHOOK_SECRET: 'x' })).toThrow(/TELEGRAM_BOT_TOKEN is invalid: .*\(got \(hidden\)\)/);
  });

  test('.env.example and the README list every setting with its default', () => {
    const example = readFileSync(path.join(projectRoot(), '.env.example'), 'utf8');
    const readme = readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
    for (const [name, spec] of Object.entries(settings)) {
      const defaultValue = 'default' in spec ? spec.default : undefined;
      expect(example).toMatch(new RegExp(`^#? ?${name}=${defaultValue ?? ''}$`, 'm'));
      expect(readme).toContain(`\`${name}\``);
    }
  });
});
