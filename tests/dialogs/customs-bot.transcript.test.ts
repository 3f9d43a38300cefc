import path from 'node:path';
import { type Activity, ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type TurnContext, UserState } from 'botbuilder';
import { CustomsBot, createAnswersAccessor, createProfileAccessor, createRequestAccessor, SET_LANGUAGE_EVENT } from '../../bot/customs-bot';
import { createTurnErrorHandler } from '../../bot/turn-error-handler';
import { MainDialog } from '../../dialogs/main-dialog';
import { AnswerEngine } from '../../knowledge/answer-engine';
import { loadSeedEntries } from '../../knowledge/seed-loader';
import { loadOfficeCalendar } from '../../officers/office-calendar';
import { projectRoot } from '../../server/config';
import { createLogger } from '../../server/logger';

const calendar = loadOfficeCalendar(path.join(projectRoot(), 'officers/calendars/kppbc-contoh.json'));
const entries = loadSeedEntries();
const engine = new AnswerEngine(entries);
const knowledge = {
  decide: async (text: string) => engine.decide(text),
  getEntry: (id: string) => entries.find((entry) => entry.id === id),
};

function createBot(storage = new MemoryStorage()) {
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const requestAccessor = createRequestAccessor(conversationState);
  const mainDialog = new MainDialog(createProfileAccessor(userState), createAnswersAccessor(conversationState), calendar, knowledge, requestAccessor);
  const bot = new CustomsBot(conversationState, userState, mainDialog, requestAccessor, calendar);
  const adapter = new TestAdapter((context: TurnContext) => bot.run(context));
  adapter.onTurnError = createTurnErrorHandler(conversationState, mainDialog, createLogger('silent'));
  return { adapter, mainDialog, conversationState };
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
      [['berapa batas bebas bea barang bawaan penumpang dari luar negeri?', [/USD 500.*Dasar hukum: .*PMK 34\/2025.*Sumber: https:\/\//s]]],
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

  test('when the citizen asks for an officer, then the bot sends handoff.initiate with the topic, the first message time and the transcript', async () => {
    const { adapter } = createBot();
    await adapter
      .send('halo')
      .assertReply((reply) => expect(reply.text).toMatch(/^Halo!/))
      .send('saya mau bicara dengan petugas soal paket saya yang tertahan')
      .assertReply((reply) => {
        expect(reply).toMatchObject({ type: 'event', name: 'handoff.initiate' });
        const context = reply.value as { unit: string; receivedAt: string; collectedData: Record<string, string> };
        expect(context.unit).toBeTruthy();
        expect(Number.isNaN(Date.parse(context.receivedAt))).toBe(false);
        const transcript = reply.attachments?.[0]?.content as { activities: Array<{ text: string }> };
        expect(transcript.activities.map((line) => line.text)).toContain('saya mau bicara dengan petugas soal paket saya yang tertahan');
      })
      .startTest();
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
