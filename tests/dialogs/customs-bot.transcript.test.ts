import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Activity, ActivityTypes, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { assembleBot } from '../../bot/assemble-bot';
import { SET_LANGUAGE_EVENT } from '../../bot/customs-bot';
import { AnswerEngine } from '../../knowledge/answer-engine';
import { loadSeedEntries } from '../../knowledge/seed-loader';
import { DEFAULT_DESK_OPTIONS, DeskService } from '../../officers/desk-service';
import { loadOfficeCalendar } from '../../officers/office-calendar';
import { PrivacyService } from '../../officers/privacy-service';
import { projectRoot } from '../../server/config';
import { createLogger } from '../../server/logger';
import { FieldCipher } from '../../storage/field-cipher';
import { SqliteBackend } from '../../storage/sqlite/sqlite-backend';

const calendar = loadOfficeCalendar(path.join(projectRoot(), 'officers/calendars/kppbc-contoh.json'));
const entries = loadSeedEntries();
const engine = new AnswerEngine(entries);
const knowledge = {
  decide: async (text: string) => engine.decide(text),
  getEntry: (id: string) => entries.find((entry) => entry.id === id),
};
const backend = SqliteBackend.open({ dataDir: mkdtempSync(path.join(tmpdir(), 'tanya-pabean-bot-')) });
afterAll(() => backend.close());

function createBot(storage = new MemoryStorage()) {
  const desk = new DeskService(backend.tickets, backend.audit, calendar, new FieldCipher('ab'.repeat(32)), DEFAULT_DESK_OPTIONS);
  const assembled = assembleBot({
    storage,
    calendar,
    knowledge,
    desk,
    privacy: new PrivacyService(backend.tickets, backend.conversations, backend.attachments, backend.audit),
    logger: createLogger('silent'),
  });
  const adapter = new TestAdapter((context: TurnContext) => assembled.bot.run(context));
  adapter.onTurnError = assembled.onTurnError;
  return { adapter, mainDialog: assembled.mainDialog, conversationState: assembled.conversationState };
}

/** A transcript step: what the citizen sends, and patterns for each bot reply in order. */
type Step = [string | Partial<Activity>, RegExp[]];

async function runTranscript(steps: Step[], locale = 'id-ID') {
  const { adapter } = createBot();
  adapter.locale = locale;
  let flow: ReturnType<TestAdapter['send']> | undefined;
  for (const [userSays, replies] of steps) {
    flow = flow ? flow.send(userSays) : adapter.send(userSays);
    for (const expected of replies) {
      flow = flow.assertReply((reply) => {
        expect(reply.text ?? '').toMatch(expected);
      });
    }
  }
  await flow?.startTest();
}

const joined = (userId = 'citizen'): Partial<Activity> => ({
  type: ActivityTypes.ConversationUpdate,
  membersAdded: [{ id: userId, name: 'Citizen' }],
});

describe('CustomsBot transcripts', () => {
  // Every row names its locale: jest.each treats a callback with more parameters than the row has as `done`-style.
  const transcripts: Array<[string, Step[], string]> = [
    [
      'a new citizen gets the welcome: service, free of charge, hours, privacy, language choice',
      [[joined(), [/Selamat datang.*GRATIS.*Senin–Kamis 08\.00–16\.30 WITA, Jumat 08\.00–17\.00 WITA/s, /Privasi.*UU 27\/2022.*pilih bahasa/s]]],
      'id-ID',
    ],
    [
      'an English client gets the welcome in English',
      [[{ ...joined(), locale: 'en-US' }, [/Welcome.*FREE of charge.*Monday–Thursday 08:00–16:30 WITA/s, /Privacy/]]],
      'en-US',
    ],
    [
      'greetings, thanks and help are answered in Indonesian',
      [
        ['halo min', [/Ada yang bisa kami bantu/]],
        ['makasih banyak', [/Sama-sama/]],
        ['menu', [/barang kiriman.*1500 225/s]],
      ],
      'id-ID',
    ],
    [
      'the citizen switches to English and back at any time',
      [
        ['English', [/continue in English/]],
        ['hello', [/^Hello!/]],
        ['bahasa indonesia', [/Bahasa Indonesia/]],
        ['halo', [/^Halo!/]],
      ],
      'id-ID',
    ],
    [
      'a general question gets the FAQ answer with its legal basis and source',
      [['berapa batas bebas bea barang bawaan penumpang dari luar negeri?', [/USD 500.*Dasar hukum: .*PMK 34\/2025.*Sumber: https:\/\//s, /Apakah jawaban ini membantu\?/]]],
      'id-ID',
    ],
    [
      'a question outside customs gets pointed to the right place',
      [['bagaimana cara memperpanjang paspor yang sudah habis masa berlakunya?', [/di luar layanan kepabeanan.*Imigrasi/s]]],
      'id-ID',
    ],
    [
      'a file without text is acknowledged',
      [[{ type: ActivityTypes.Message, attachments: [{ contentType: 'image/png', contentUrl: 'http://localhost/x.png' }] }, [/1 berkas/]]],
      'id-ID',
    ],
  ];

  test.each(transcripts)('%s', async (_name, steps, locale) => {
    await runTranscript(steps, locale);
  });

  test('when the web chat page flips the language switch, then the bot confirms in the new language and keeps it', async () => {
    await runTranscript([
      [{ type: ActivityTypes.Event, name: SET_LANGUAGE_EVENT, value: 'en' }, [/continue in English/]],
      ['hi', [/^Hello!/]],
    ]);
  });

  test('when a turn fails, then the citizen gets an apology in their language and the dialog state is cleared', async () => {
    const { adapter, mainDialog, conversationState } = createBot();
    jest.spyOn(mainDialog, 'run').mockRejectedValueOnce(new Error('knowledge store unreachable'));
    const cleared = jest.spyOn(conversationState, 'delete');
    await adapter
      .send({ type: ActivityTypes.Message, text: 'where is my parcel?', locale: 'en-US' })
      .assertReply((reply) => expect(reply.text).toMatch(/something went wrong/))
      .send('halo')
      .assertReply((reply) => expect(reply.text).toMatch(/^Halo!/))
      .startTest();
    expect(cleared).toHaveBeenCalledTimes(1);
  });
});
