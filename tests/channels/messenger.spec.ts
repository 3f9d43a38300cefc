import { join } from 'node:path';
import { metaSentMessages, metaSignature, metaTextBody, metaTypingCalls, loadMetaFixture, startMetaFake, type MetaFake } from '../support/fakes/meta-fake';
import type { ChannelContractSpec } from './contract-spec';

const PAGE_ID = '106123456789012';
const PSID = '6543210987654321';
const PAGE_ACCESS_TOKEN = 'EAAGtestPageAccessToken0123456789';
const APP_SECRET = 'messenger-test-app-secret';
const VERIFY_TOKEN = 'messenger-test-verify-token';

/** The fake the last startFake() began: image fixtures point their media URLs at it; fixture times move to now. */
let runningFake: MetaFake | undefined;

/** Facebook Messenger in the channel adapter contract suite (fixtures in tests/fixtures/messenger/). */
export const messengerSpec: ChannelContractSpec = {
  channelId: 'messenger',
  environment: (fake) => ({
    MESSENGER_PAGE_ACCESS_TOKEN: PAGE_ACCESS_TOKEN,
    MESSENGER_APP_SECRET: APP_SECRET,
    MESSENGER_VERIFY_TOKEN: VERIFY_TOKEN,
    MESSENGER_API_BASE_URL: fake.baseUrl,
  }),
  startFake: async () => {
    runningFake = await startMetaFake({ platform: 'messenger', accessToken: PAGE_ACCESS_TOKEN });
    return runningFake;
  },
  fixture: (name) => loadMetaFixture(join(__dirname, '..', 'fixtures', 'messenger', `${name}.json`), runningFake),
  textBody: (text, eventId, options) => metaTextBody('page', PAGE_ID, options?.citizenId ?? PSID, text, eventId, options?.timestamp),
  signedHeaders: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) }),
  badlySignedHeaders: (body) => ({ 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, 'not-the-app-secret') }),
  fixtureChatId: PSID,
  sentMessages: metaSentMessages,
  typingCalls: metaTypingCalls,
  textLimit: { max: 2000, unit: 'chars' },
  buttonsMax: 13,
  window: 'human-agent-24h-7d',
};

export const messengerSecrets = { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, pageAccessToken: PAGE_ACCESS_TOKEN, pageId: PAGE_ID };
