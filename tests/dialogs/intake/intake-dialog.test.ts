import { type Activity, ActivityTypes, ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState, DialogTurnStatus } from 'botbuilder-dialogs';
import { extractKnownFields, type FieldHint, type IntakeField } from '../../../dialogs/intake/fields';
import { classifyReply, INTAKE_DIALOG, IntakeDialog, type IntakeOptions, type IntakeResult } from '../../../dialogs/intake/intake-dialog';
import type { Language } from '../../../dialogs/messages/catalog';
import { intakeMessagesFor } from '../../../dialogs/messages/intake-catalog';

const id = intakeMessagesFor('id');
const en = intakeMessagesFor('en');

/** What a bot reply must be: its exact text, a pattern, or a check of the whole activity. */
type Expectation = string | RegExp | ((reply: Partial<Activity>) => void);
/** A transcript step: what the citizen sends, and each bot reply in order. */
type Step = [string | Partial<Activity>, Expectation[]];

/**
 * Runs the intake as a parent dialog would: the first message begins it with `options`, later
 * ones continue it. Returns the intake's result and every text the bot sent.
 */
async function runIntake(options: IntakeOptions, steps: Step[]): Promise<{ result?: IntakeResult; botTexts: string[] }> {
  const conversationState = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(new IntakeDialog());
  let result: IntakeResult | undefined;
  const adapter = new TestAdapter(async (context: TurnContext) => {
    const dialogContext = await dialogs.createContext(context);
    let turn = await dialogContext.continueDialog();
    if (turn.status === DialogTurnStatus.empty) turn = await dialogContext.beginDialog(INTAKE_DIALOG, options);
    if (turn.status === DialogTurnStatus.complete) result = turn.result as IntakeResult;
    await conversationState.saveChanges(context);
  });
  const botTexts: string[] = [];
  let flow: ReturnType<TestAdapter['send']> | undefined;
  for (const [userSays, expectations] of steps) {
    flow = flow ? flow.send(userSays) : adapter.send(userSays);
    for (const expected of expectations) {
      flow = flow.assertReply((reply) => {
        botTexts.push(reply.text ?? '');
        if (typeof expected === 'function') expected(reply);
        else if (typeof expected === 'string') expect(reply.text).toBe(expected);
        else expect(reply.text ?? '').toMatch(expected);
      });
    }
  }
  // Replies of a turn are queued before the turn ends, so a short wait is enough to see there are no more.
  await flow?.assertNoReply('no further reply', 50).startTest();
  return { result, botTexts };
}

/** A reply with exactly these suggested actions (buttons). */
function withButtons(text: string | RegExp, buttons: string[]): Expectation {
  return (reply) => {
    if (typeof text === 'string') expect(reply.text).toBe(text);
    else expect(reply.text ?? '').toMatch(text);
    expect(reply.suggestedActions?.actions.map((action) => action.title)).toEqual(buttons);
  };
}

const withoutButtons = (text: string): Expectation => (reply) => {
  expect(reply.text).toBe(text);
  expect(reply.suggestedActions).toBeUndefined();
};

describe('IntakeDialog', () => {
  test('happy path in Indonesian: shipment details first, consent before the name, contact to E.164, masked summary, confirmed', async () => {
    const { result } = await runIntake({ fields: ['trackingNumber', 'itemDescription'], language: 'id', needContact: true }, [
      ['paket saya tertahan di bea cukai', [id.intro, withoutButtons(id.questions.trackingNumber)]],
      ['RR123456785ID', [withButtons(`${id.questions.itemDescription} ${id.optionalNote}`, ['Lewati'])]],
      [
        'Sepatu lari 2 pasang',
        [
          withButtons(
            'Untuk meneruskan permintaan Anda, kami perlu mencatat nama dan kontak (HP/e-mail) Anda. Data ini hanya digunakan petugas Bea Cukai untuk menangani permintaan ini, ' +
              'disimpan terenkripsi, dan dapat Anda minta untuk dihapus (UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi). Apakah Anda setuju?',
            ['Ya, setuju', 'Tidak'],
          ),
        ],
      ],
      ['Ya, setuju', [id.questions.name]],
      ['Budi Santoso', [id.questions.contact]],
      [
        '0812-3456-7890',
        [
          withButtons(
            [
              'Mohon periksa kembali data Anda:',
              '- Nomor resi: RR123456785ID',
              '- Uraian barang: Sepatu lari 2 pasang',
              '- Nama: Budi Santoso',
              '- Kontak (HP/e-mail): +62812••••7890',
              '',
              'Apakah data tersebut sudah benar dan dapat kami teruskan ke petugas?',
            ].join('\n'),
            ['Ya, kirim', 'Ubah', 'Batal'],
          ),
        ],
      ],
      ['Ya, kirim', []],
    ]);
    expect(result).toEqual({
      status: 'confirmed',
      data: { trackingNumber: 'RR123456785ID', itemDescription: 'Sepatu lari 2 pasang', name: 'Budi Santoso', phone: '+6281234567890' },
      missing: [],
      consentGiven: true,
    });
  });

  test('happy path in English: the known IMEI is not asked, consent first, a skipped optional field is listed as not provided', async () => {
    const known = extractKnownFields('My IMEI 490154203237518 is blocked after I registered it at the airport');
    const { result } = await runIntake({ fields: ['passport', 'imei', 'flightDetails'], language: 'en', known }, [
      [
        'my phone is blocked',
        [
          en.intro,
          withButtons(/^To pass your request on, we need to record your passport number, IMEI number, and flight details\. .*UU No\. 27 of 2022.*Do you agree\?$/s, [
            'Yes, I agree',
            'No',
          ]),
        ],
      ],
      ['yes', [en.questions.passport]],
      ['X1234567', [withButtons(`${en.questions.flightDetails} ${en.optionalNote}`, ['Skip'])]],
      [
        'Skip',
        [
          withButtons(
            'Please check your details:\n- Passport number: X•••••67\n- IMEI number: •••••••••••7518\n- Flight details: (not provided)\n\nAre these details correct, and may we pass them to an officer?',
            ['Yes, send', 'Change', 'Cancel'],
          ),
        ],
      ],
      ['Yes, send', []],
    ]);
    expect(result).toEqual({ status: 'confirmed', data: { passport: 'X1234567', imei: '490154203237518' }, missing: ['flightDetails'], consentGiven: true });
  });

  /** [field, a bad answer, the hint it gets, a good answer, the value stored] */
  const badThenGood: Array<[IntakeField, string, FieldHint, string, Record<string, string>]> = [
    ['nik', '320411010190000', 'nik.length', '3204110101900003', { nik: '3204110101900003' }],
    ['nik', '9904110101900003', 'nik.region', '3204110101900003', { nik: '3204110101900003' }],
    ['nik', '3204113102900003', 'nik.birthDate', '3204114101900003', { nik: '3204114101900003' }],
    ['npwp', '01.234.567.8-901', 'npwp.length', '01.234.567.8-901.000', { npwp: '012345678901000' }],
    ['passport', '12345', 'passport.format', 'B 7654321', { passport: 'B7654321' }],
    ['trackingNumber', 'RR123456784ID', 'trackingNumber.s10CheckDigit', 'RR123456785ID', { trackingNumber: 'RR123456785ID' }],
    ['trackingNumber', 'ABC12', 'trackingNumber.format', 'LP00123456789012', { trackingNumber: 'LP00123456789012' }],
    ['airWaybill', '618-12345674', 'airWaybill.checkDigit', '618-12345675', { airWaybill: '61812345675' }],
    ['airWaybill', '618-1234', 'airWaybill.format', '1234567891', { airWaybill: '1234567891' }],
    ['imei', '49015420323751', 'imei.length', '490154203237518', { imei: '490154203237518' }],
    ['imei', '4901542032375180', 'imei.imeisv', '490154203237518', { imei: '490154203237518' }],
    ['imei', '490154203237517', 'imei.checksum', 'IMEI saya 490154203237518', { imei: '490154203237518' }],
    ['pibNumber', 'PIB-12', 'pibNumber.format', '000020-010017-20240105-000123', { pibNumber: '00002001001720240105000123' }],
    ['pebNumber', '12345', 'pebNumber.format', '00003001002320250312000045', { pebNumber: '00003001002320250312000045' }],
    ['billingCode', '41234567890123', 'billingCode.length', '412345678901234', { billingCode: '412345678901234' }],
    ['nppbkc', '0012345678901000', 'nppbkc.length', '0012345678901000040121', { nppbkc: '0012345678901000040121' }],
    ['phone', '12345', 'phone.invalid', '+62 812 3456 7890', { phone: '+6281234567890' }],
    ['phone', '+65 6123 4567', 'phone.notIndonesian', '0812 3456 7890', { phone: '+6281234567890' }],
    ['email', 'budi@', 'email.invalid', 'budi@example.com', { email: 'budi@example.com' }],
    ['contact', '+65 6123 4567', 'contact.notIndonesian', 'budi@example.com', { email: 'budi@example.com' }],
    ['name', '3204110101900003', 'name.format', 'Siti Rahmawati', { name: 'Siti Rahmawati' }],
    ['flightDetails', 'x', 'flightDetails.format', 'GA 881, 12 Mei 2026', { flightDetails: 'GA 881, 12 Mei 2026' }],
    ['itemDescription', 'a'.repeat(501), 'text.tooLong', 'Jam tangan 1 buah', { itemDescription: 'Jam tangan 1 buah' }],
  ];

  test.each(badThenGood)('a bad %s (%p) gets the hint %s, then a good one is taken', async (field, bad, hint, good, stored) => {
    const { result } = await runIntake({ fields: field === 'contact' ? [] : [field as Exclude<IntakeField, 'contact'>], needContact: field === 'contact', language: 'id', consentGiven: true }, [
      ['tolong dibantu', field === 'contact' ? [id.intro, id.questions.name] : [id.intro, /./]],
      ...(field === 'contact' ? ([['Siti Rahmawati', [id.questions.contact]]] as Step[]) : []),
      [bad, [(reply) => expect(reply.text).toBe(id.hints[hint])]],
      [good, [/^Mohon periksa kembali data Anda:/]],
      ['ya', []],
    ]);
    expect(result).toMatchObject({ status: 'confirmed', data: stored, missing: [] });
  });

  test('the English hint is the English catalog text', async () => {
    await runIntake({ fields: ['imei'], language: 'en', consentGiven: true }, [
      ['hello', [en.intro, en.questions.imei]],
      ['123', ['An IMEI number has 15 digits; dial *#06# on your phone to see it. Please type your IMEI number again.']],
      ['cancel', [en.cancelled]],
    ]);
  });

  test('three bad answers to an optional field skip it, and the summary shows it as not provided', async () => {
    const { result } = await runIntake({ fields: ['imei', 'email'], language: 'id', consentGiven: true }, [
      ['halo', [id.intro, id.questions.imei]],
      ['490154203237518', [withButtons(`${id.questions.email} ${id.optionalNote}`, ['Lewati'])]],
      ['budi@', [withButtons(id.hints['email.invalid'], ['Lewati'])]],
      ['budi at gmail', [id.hints['email.invalid']]],
      ['budi@@gmail', ['Baik, kita lanjutkan tanpa alamat e-mail. Bila diperlukan, petugas akan menanyakannya kepada Anda.', /- Alamat e-mail: \(tidak diisi\)/]],
      ['ya', []],
    ]);
    expect(result).toEqual({ status: 'confirmed', data: { imei: '490154203237518' }, missing: ['email'], consentGiven: true });
  });

  test('three bad answers to a required field: the intake goes on without it and says the officer will ask', async () => {
    const { result } = await runIntake({ fields: ['trackingNumber', 'documents'], language: 'id' }, [
      ['paket', [id.intro, id.questions.trackingNumber]],
      ['123', [id.hints['trackingNumber.format']]],
      ['RR123456784ID', [id.hints['trackingNumber.s10CheckDigit']]],
      ['RR123456783ID', ['Baik, kita lanjutkan tanpa nomor resi. Bila diperlukan, petugas akan menanyakannya kepada Anda.', /^Dokumen apa saja/]],
      ['lewati', []],
    ]);
    // Nothing was collected: no summary to confirm.
    expect(result).toEqual({ status: 'confirmed', data: {}, missing: ['trackingNumber', 'documents'], consentGiven: false });
  });

  test('"lewati" on a required field gets a reminder first; a second "lewati" skips it', async () => {
    const { result } = await runIntake({ fields: ['billingCode', 'documents'], language: 'id' }, [
      ['sudah bayar', [id.intro, id.questions.billingCode]],
      ['tidak tahu', [withButtons(id.requiredReminder('Kode billing'), ['Lewati'])]],
      ['lewati', [/^Dokumen apa saja/]],
      ['invoice dan bukti transfer', [/- Kode billing: \(tidak diisi\)\n- Dokumen: invoice dan bukti transfer/]],
      ['ya', []],
    ]);
    expect(result).toEqual({ status: 'confirmed', data: { documents: 'invoice dan bukti transfer' }, missing: ['billingCode'], consentGiven: false });
  });

  test.each([
    ['id' as Language, 'batal', id.cancelled],
    ['id' as Language, 'Batalkan', id.cancelled],
    ['en' as Language, 'cancel', en.cancelled],
  ])('in %s, "%s" mid-intake cancels', async (language, word, cancelled) => {
    const messages = intakeMessagesFor(language);
    const { result } = await runIntake({ fields: ['trackingNumber', 'itemDescription'], language }, [
      ['paket', [messages.intro, messages.questions.trackingNumber]],
      ['RR123456785ID', [/./]],
      [word, [cancelled]],
    ]);
    expect(result).toEqual({ status: 'cancelled', reason: 'citizen' });
  });

  test('"batal" at the consent notice and at the summary cancels too', async () => {
    const atConsent = await runIntake({ fields: ['nik'], language: 'id' }, [
      ['halo', [id.intro, /Apakah Anda setuju\?$/]],
      ['batal', [id.cancelled]],
    ]);
    expect(atConsent.result).toEqual({ status: 'cancelled', reason: 'citizen' });
    const atSummary = await runIntake({ fields: ['billingCode'], language: 'id' }, [
      ['halo', [id.intro, id.questions.billingCode]],
      ['412345678901234', [/^Mohon periksa/]],
      ['Batal', [id.cancelled]],
    ]);
    expect(atSummary.result).toEqual({ status: 'cancelled', reason: 'citizen' });
  });

  test('values already in the first message are not asked again; a tracking number makes the AWB unnecessary', async () => {
    const known = extractKnownFields('paket saya RR123456785ID tertahan, IMEI 490154203237518');
    const { result, botTexts } = await runIntake({ fields: ['trackingNumber', 'airWaybill', 'imei'], language: 'id', known }, [
      ['paket saya RR123456785ID tertahan, IMEI 490154203237518', [/Apakah Anda setuju\?$/]],
      ['ya', [/^Mohon periksa kembali data Anda:\n- Nomor resi: RR123456785ID\n- Nomor IMEI: •{11}7518\n\nApakah/]],
      ['ya', []],
    ]);
    expect(botTexts.join('\n')).not.toMatch(/Berapa nomor/);
    expect(result).toEqual({ status: 'confirmed', data: { trackingNumber: 'RR123456785ID', imei: '490154203237518' }, missing: [], consentGiven: true });
  });

  test('a known value is checked: an invalid one is asked for, and known values the topic does not need are dropped', async () => {
    const { result } = await runIntake({ fields: ['imei'], language: 'id', consentGiven: true, known: { imei: '490154203237517', nik: '3204110101900003' } }, [
      ['halo', [id.intro, id.questions.imei]],
      ['490154203237518', [/^Mohon periksa/]],
      ['ya', []],
    ]);
    expect(result).toEqual({ status: 'confirmed', data: { imei: '490154203237518' }, missing: [], consentGiven: true });
  });

  test.each([
    ['id' as Language, 'Tidak'],
    ['en' as Language, 'No'],
  ])('in %s, refusing consent ("%s") cancels and says questions are still welcome', async (language, refusal) => {
    const messages = intakeMessagesFor(language);
    const { result } = await runIntake({ fields: ['passport', 'flightDetails'], language }, [
      ['halo', [messages.intro, (reply) => expect(reply.suggestedActions?.actions.map((action) => action.title)).toEqual([messages.consentYes, messages.consentNo])]],
      [refusal, [messages.consentRefused]],
    ]);
    expect(result).toEqual({ status: 'cancelled', reason: 'consentRefused' });
    expect(messages.consentRefused).toMatch(/ask any question|bertanya apa saja/);
  });

  test('an unclear answer to the consent notice is asked again; three unclear answers count as a refusal', async () => {
    const { result } = await runIntake({ fields: ['nik'], language: 'id' }, [
      ['halo', [id.intro, /Apakah Anda setuju\?$/]],
      ['hmm', [withButtons(id.consentUnclear, ['Ya, setuju', 'Tidak'])]],
      ['maksudnya?', [id.consentUnclear]],
      ['apa itu', [id.consentRefused]],
    ]);
    expect(result).toEqual({ status: 'cancelled', reason: 'consentRefused' });
  });

  test('consent is asked once, before the first personal field only, and not at all when already given', async () => {
    const { botTexts } = await runIntake({ fields: ['trackingNumber', 'nik', 'npwp'], language: 'id' }, [
      ['halo', [id.intro, id.questions.trackingNumber]],
      ['RR123456785ID', [/kami perlu mencatat NIK dan NPWP Anda\..*Apakah Anda setuju\?$/s]],
      ['iya', [id.questions.nik]],
      ['3204110101900003', [/^Berapa NPWP Anda\?/]],
      ['lewati', [/^Mohon periksa/]],
      ['ya', []],
    ]);
    expect(botTexts.filter((text) => text.includes('UU No. 27')).length).toBe(1);
    const given = await runIntake({ fields: ['nik'], language: 'id', consentGiven: true }, [
      ['halo', [id.intro, id.questions.nik]],
      ['batal', [id.cancelled]],
    ]);
    expect(given.botTexts.join('\n')).not.toMatch(/UU No\. 27/);
  });

  test('the summary and every other message never show an identity number in full', async () => {
    const values = {
      nik: '3204110101900003',
      npwp: '012345678901000',
      passport: 'X1234567',
      imei: '490154203237518',
      nppbkc: '0012345678901000040121',
      phone: '081234567890',
      email: 'budi.santoso@gmail.com',
    };
    const { result, botTexts } = await runIntake({ fields: ['nik', 'npwp', 'passport', 'imei', 'nppbkc', 'phone', 'email'], language: 'id' }, [
      ['halo', [id.intro, /Apakah Anda setuju\?$/]],
      ['ya', [id.questions.nik]],
      [values.nik, [/NPWP/]],
      [values.npwp, [id.questions.passport]],
      [values.passport, [id.questions.imei]],
      [values.imei, [id.questions.nppbkc]],
      [values.nppbkc, [id.questions.phone]],
      [values.phone, [/e-mail/]],
      [
        values.email,
        [
          [
            'Mohon periksa kembali data Anda:',
            '- NIK: 3204••••••••0003',
            '- NPWP: 01••••••••••000',
            '- Nomor paspor: X•••••67',
            '- Nomor IMEI: •••••••••••7518',
            '- NPPBKC: ••••••••••••••••••0121',
            '- Nomor HP/WhatsApp: +62812••••7890',
            '- Alamat e-mail: b•••@gmail.com',
            '',
            'Apakah data tersebut sudah benar dan dapat kami teruskan ke petugas?',
          ].join('\n'),
        ],
      ],
      ['Ya, kirim', []],
    ]);
    const everything = botTexts.join('\n');
    for (const value of [...Object.values(values), '+6281234567890', '81234567890', '0012345678901000', 'budi.santoso']) {
      expect(everything).not.toContain(value);
    }
    expect(result).toMatchObject({ status: 'confirmed', data: { ...values, phone: '+6281234567890' } });
  });

  test('"Ubah" at the summary asks which field, takes a new value, and shows the summary again', async () => {
    const { result } = await runIntake({ fields: ['imei', 'itemDescription'], language: 'id', consentGiven: true }, [
      ['halo', [id.intro, id.questions.imei]],
      ['490154203237518', [/^Barang apa/]],
      ['Ponsel 1 unit', [/Nomor IMEI: •{11}7518/]],
      ['Ubah', [withButtons(id.chooseFieldToChange, ['Nomor IMEI', 'Uraian barang'])]],
      ['lainnya', [id.chooseFieldUnclear]],
      ['2', [/^Barang apa/]],
      ['Ponsel dan tablet, 2 unit', [/- Uraian barang: Ponsel dan tablet, 2 unit/]],
      ['Tidak', [id.chooseFieldToChange]],
      ['nomor imei', [id.questions.imei]],
      ['356938035643809', [/Nomor IMEI: •{11}3809/]],
      ['Ya, kirim', []],
    ]);
    expect(result).toEqual({ status: 'confirmed', data: { imei: '356938035643809', itemDescription: 'Ponsel dan tablet, 2 unit' }, missing: [], consentGiven: true });
  });

  test('changing the tracking number asks for it again, and for the AWB when it is skipped', async () => {
    const { result } = await runIntake({ fields: ['trackingNumber', 'airWaybill'], language: 'en', known: { trackingNumber: 'RR123456785ID' } }, [
      ['hi', [/^Please check your details:\n- Tracking number: RR123456785ID\n\n/]],
      ['Change', [withButtons(en.chooseFieldToChange, ['Tracking number'])]],
      ['Tracking number', [en.questions.trackingNumber]],
      ['skip', [en.requiredReminder('Tracking number')]],
      ['skip', [en.questions.airWaybill]],
      // The AWB stands in for the tracking number: neither the summary nor `missing` lists it.
      ['618-12345675', [/^Please check your details:\n- Air waybill number: 61812345675\n\n/]],
      ['yes', []],
    ]);
    expect(result).toEqual({ status: 'confirmed', data: { airWaybill: '61812345675' }, missing: [], consentGiven: false });
  });

  test('a photo answers the documents question', async () => {
    const { result } = await runIntake({ fields: ['documents'], language: 'id' }, [
      ['halo', [id.intro, /^Dokumen apa saja/]],
      [{ type: ActivityTypes.Message, attachments: [{ contentType: 'image/jpeg', name: 'invoice.jpg', contentUrl: 'http://localhost/invoice.jpg' }] }, [/- Dokumen: invoice\.jpg/]],
      ['ya', []],
    ]);
    expect(result).toMatchObject({ status: 'confirmed', data: { documents: 'invoice.jpg' } });
  });

  test('with nothing to ask and nothing known, the intake ends at once', async () => {
    const { result } = await runIntake({ fields: [], language: 'id' }, [['halo', []]]);
    expect(result).toEqual({ status: 'confirmed', data: {}, missing: [], consentGiven: false });
  });

  test('every button label of both catalogs is understood', () => {
    for (const messages of [id, en]) {
      expect(classifyReply(messages.consentYes)).toBe('yes');
      expect(classifyReply(messages.consentNo)).toBe('no');
      expect(classifyReply(messages.confirmYes)).toBe('yes');
      expect(classifyReply(messages.confirmChange)).toBe('change');
      expect(classifyReply(messages.confirmCancel)).toBe('cancel');
      expect(classifyReply(messages.skip)).toBe('skip');
    }
    expect(classifyReply("I don't know")).toBe('skip');
    expect(classifyReply('pembatalan PIB')).toBeUndefined();
  });
});
