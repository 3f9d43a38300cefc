import { join } from 'node:path';
import { metaSentMessages, metaSignature, metaTextBody, metaTypingCalls, loadMetaFixture, startMetaFake, type MetaFake } from '../support/fakes/meta-fake';
import type { ChannelContractSpec } from './contract-spec';

const INSTAGRAM_ACCOUNT_ID = '17841400000000001';
const IGSID = '1234567890123456';
const ACCESS_TOKEN = 'IGAAtestInstagramLoginToken0123456789';
const APP_SECRET = 'instagram-test-app-secret';
const VERIFY_TOKEN = 'instagram-test-verify-token';

/** The fake the last startFake() began: image fixtures point their media URLs at it; fixture times move to now. */
let runningFake: MetaFake | undefined;

/**
 * Instagram messaging in the channel adapter contract suite (fixtures in tests/fixtures/instagram/).
 * Instagram has no edits: the `edit` fixture is a message Instagram marks `is_unsupported` (a GIF or
 * sticker), which must get the same polite "please send it as text". The `status` fixture is a
 * `messaging_seen` read receipt (`read:{mid}`); the `batch` fixture mixes `messaging` and `changes`.
 */
export const instagramSpec: ChannelContractSpec = {
  channelId: 'instagram',
  environment: (fake) => ({
    INSTAGRAM_ACCESS_TOKEN: ACCESS_TOKEN,
    INSTAGRAM_APP_SECRET: APP_SECRET,
    INSTAGRAM_VERIFY_TOKEN: VERIFY_TOKEN,
    INSTAGRAM_API_BASE_URL: fake.baseUrl,
  }),
  startFake: async () => {
    runningFake = await startMetaFake({ platform: 'instagram', accessToken: ACCESS_TOKEN });
    return runningFake;
  },
  fixture: (name) => loadMetaFixture(join(__dirname, '..', 'fixtures', 'instagram', `${name}.json`), runningFake),
  textBody: (text, eventId, options) => metaTextBody('instagram', INSTAGRAM_ACCOUNT_ID, options?.citizenId ?? IGSID, text, eventId, options?.timestamp),
  signedHeaders: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) }),
  badlySignedHeaders: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, 'not-the-app-secret') }),
  fixtureChatId: IGSID,
  sentMessages: metaSentMessages,
  typingCalls: metaTypingCalls,
  textLimit: { max: 1000, unit: 'utf8-bytes' },
  buttonsMax: 13,
  window: 'human-agent-24h-7d',
};

export const instagramSecrets = { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, accessToken: ACCESS_TOKEN, accountId: INSTAGRAM_ACCOUNT_ID };
