import { COLLECTABLE_FIELDS } from '../../../knowledge/faq-entry';
import {
  extractKnownFields,
  FIELD_DEFINITIONS,
  FIELD_HINTS,
  type FieldHint,
  type IntakeField,
  maskEmail,
  maskMiddle,
  parseField,
  parseFieldAnswer,
} from '../../../dialogs/intake/fields';
import { intakeMessagesFor } from '../../../dialogs/messages/intake-catalog';

/** [field, answer as typed, stored value] */
const goodValues: Array<[IntakeField, string, string]> = [
  ['name', '  Siti   Rahmawati ', 'Siti Rahmawati'],
  ['name', "H. Abdul Nur'aini", "H. Abdul Nur'aini"],
  ['phone', '0812-3456-7890', '+6281234567890'],
  ['phone', '+62 812 3456 7890', '+6281234567890'],
  ['phone', '6281234567890', '+6281234567890'],
  ['phone', '(021) 4890966', '+62214890966'],
  ['email', ' budi.santoso@gmail.com ', 'budi.santoso@gmail.com'],
  ['contact', '0812 3456 7890', '+6281234567890'],
  ['contact', 'budi@example.co.id', 'budi@example.co.id'],
  ['nik', '3204110101900003', '3204110101900003'],
  ['nik', '3204 1141 0190 0003', '3204114101900003'],
  ['npwp', '01.234.567.8-901.000', '012345678901000'],
  ['npwp', '0012345678901000', '0012345678901000'],
  ['passport', 'x 1234567', 'X1234567'],
  ['passport', 'AB123456', 'AB123456'],
  ['trackingNumber', 'rr123456785id', 'RR123456785ID'],
  ['trackingNumber', 'RR 123 456 785 ID', 'RR123456785ID'],
  ['trackingNumber', 'LP00123456789012', 'LP00123456789012'],
  ['trackingNumber', 'JX1234567890', 'JX1234567890'],
  ['airWaybill', '618-12345675', '61812345675'],
  ['airWaybill', '1234567891', '1234567891'],
  ['airWaybill', '1z999aa10123456784', '1Z999AA10123456784'],
  ['imei', '490154203237518', '490154203237518'],
  ['imei', '49-015420-323751-8', '490154203237518'],
  ['pibNumber', '000020-010017-20240105-000123', '00002001001720240105000123'],
  ['pibNumber', '123456', '123456'],
  ['pebNumber', '00003001002320250312000045', '00003001002320250312000045'],
  ['billingCode', '4123 4567 8901 234', '412345678901234'],
  ['nppbkc', '0012345678901000-040121', '0012345678901000040121'],
  ['flightDetails', 'GA 881,  12 Mei 2026', 'GA 881, 12 Mei 2026'],
  ['itemDescription', 'Sepatu lari 2 pasang, sekitar USD 150', 'Sepatu lari 2 pasang, sekitar USD 150'],
  ['documents', 'invoice dan bukti bayar', 'invoice dan bukti bayar'],
];

/** [field, answer, the hint it gets] */
const badValues: Array<[IntakeField, string, FieldHint]> = [
  ['name', '3204110101900003', 'name.format'],
  ['name', 'A', 'name.format'],
  ['phone', '12345', 'phone.invalid'],
  ['phone', '0812345678901234', 'phone.invalid'],
  ['phone', '+65 6123 4567', 'phone.notIndonesian'],
  ['email', 'budi@', 'email.invalid'],
  ['email', 'budi at gmail dot com', 'email.invalid'],
  ['contact', 'besok saja', 'contact.invalid'],
  ['contact', '+65 6123 4567', 'contact.notIndonesian'],
  ['contact', 'budi@gmail', 'contact.invalid'],
  ['nik', '320411010190000', 'nik.length'],
  ['nik', '9904110101900003', 'nik.region'],
  ['nik', '3204113102900003', 'nik.birthDate'],
  ['nik', '3204117201900003', 'nik.birthDate'],
  ['nik', '3204110113900003', 'nik.birthDate'],
  ['npwp', '01.234.567.8-901', 'npwp.length'],
  ['passport', '12345', 'passport.format'],
  ['passport', 'AB12345678', 'passport.format'],
  ['trackingNumber', 'RR123456784ID', 'trackingNumber.s10CheckDigit'],
  ['trackingNumber', 'ABC12', 'trackingNumber.format'],
  ['airWaybill', '618-12345674', 'airWaybill.checkDigit'],
  ['airWaybill', '1234567890', 'airWaybill.checkDigit'],
  ['airWaybill', '618-1234', 'airWaybill.format'],
  ['imei', '49015420323751', 'imei.length'],
  ['imei', '4901542032375180', 'imei.imeisv'],
  ['imei', '490154203237517', 'imei.checksum'],
  ['pibNumber', 'PIB-12', 'pibNumber.format'],
  ['pebNumber', '12345', 'pebNumber.format'],
  ['billingCode', '41234567890123', 'billingCode.length'],
  ['nppbkc', '0012345678901000', 'nppbkc.length'],
  ['flightDetails', 'x', 'flightDetails.format'],
  ['itemDescription', 'a'.repeat(501), 'text.tooLong'],
  ['documents', ' ', 'documents.format'],
];

describe('intake field schemas', () => {
  test('every collectable field has a definition, and every hint has text in both languages', () => {
    for (const field of COLLECTABLE_FIELDS) expect(FIELD_DEFINITIONS[field]).toBeDefined();
    for (const language of ['id', 'en'] as const) {
      const messages = intakeMessagesFor(language);
      for (const hint of FIELD_HINTS) expect(messages.hints[hint].length).toBeGreaterThan(30);
      for (const field of Object.keys(FIELD_DEFINITIONS) as IntakeField[]) {
        expect(messages.questions[field]).toBeTruthy();
        expect(messages.labels[field]).toBeTruthy();
      }
    }
  });

  test.each(goodValues)('a %s given as %p is stored as %p', (field, answer, stored) => {
    expect(parseField(field, answer)).toEqual({ ok: true, value: stored });
  });

  test.each(badValues)('a %s given as %p is refused with the hint %s', (field, answer, hint) => {
    expect(parseField(field, answer)).toEqual({ ok: false, hint });
  });

  test('the hints say what the value looks like and where to find it', () => {
    const indonesian = intakeMessagesFor('id').hints;
    expect(indonesian['imei.length']).toBe('Nomor IMEI terdiri dari 15 angka; tekan *#06# di ponsel Anda untuk melihatnya. Mohon ketik kembali nomor IMEI Anda.');
    expect(indonesian['trackingNumber.s10CheckDigit']).toMatch(/RR123456785ID.*angka pemeriksa/);
    expect(indonesian['airWaybill.format']).toMatch(/11 angka.*3 angka kode maskapai.*8 angka/);
    expect(indonesian['nik.length']).toMatch(/16 angka.*KTP/);
    expect(indonesian['npwp.length']).toMatch(/15 angka.*16 angka/);
    expect(indonesian['passport.format']).toMatch(/6 sampai 9 huruf dan angka/);
    expect(indonesian['billingCode.length']).toMatch(/15 angka/);
    expect(indonesian['phone.invalid']).toMatch(/0812/);
    expect(indonesian['email.invalid']).toMatch(/nama@contoh\.com/);
    expect(intakeMessagesFor('en').hints['imei.length']).toMatch(/15 digits.*\*#06#/);
  });

  test('the examples the hints give are themselves valid', () => {
    expect(parseField('trackingNumber', 'RR123456785ID').ok).toBe(true);
    expect(parseField('airWaybill', '618-12345675').ok).toBe(true);
    expect(parseField('npwp', '01.234.567.8-901.000').ok).toBe(true);
    expect(parseField('passport', 'X1234567').ok).toBe(true);
    expect(parseField('phone', '0812 3456 7890').ok).toBe(true);
    expect(parseField('email', 'nama@contoh.com').ok).toBe(true);
  });

  test('an answer with words around the value is accepted when the value in it is valid', () => {
    expect(parseFieldAnswer('imei', 'IMEI saya 490154203237518')).toEqual({ ok: true, value: '490154203237518' });
    expect(parseFieldAnswer('trackingNumber', 'resinya RR123456785ID kak')).toEqual({ ok: true, value: 'RR123456785ID' });
    expect(parseFieldAnswer('contact', 'wa saya 0812-3456-7890 ya')).toEqual({ ok: true, value: '+6281234567890' });
    expect(parseFieldAnswer('email', 'email saya budi@example.com')).toEqual({ ok: true, value: 'budi@example.com' });
    expect(parseFieldAnswer('imei', 'IMEI saya 490154203237517')).toEqual({ ok: false, hint: 'imei.length' });
  });

  test('only identity and contact data is personal; shipment references and descriptions are not', () => {
    const personal = (Object.keys(FIELD_DEFINITIONS) as IntakeField[]).filter((field) => FIELD_DEFINITIONS[field].personal).sort();
    expect(personal).toEqual(['contact', 'email', 'flightDetails', 'imei', 'name', 'nik', 'nppbkc', 'npwp', 'passport', 'phone'].sort());
    const optional = (Object.keys(FIELD_DEFINITIONS) as IntakeField[]).filter((field) => FIELD_DEFINITIONS[field].optional).sort();
    expect(optional).toEqual(['documents', 'email', 'flightDetails', 'itemDescription', 'npwp'].sort());
  });
});

describe('extracting values a message already holds', () => {
  test('an IMEI in the first message', () => {
    expect(extractKnownFields('IMEI saya 490154203237518 diblokir')).toEqual({ imei: '490154203237518' });
  });

  test('a tracking number and a phone number', () => {
    expect(extractKnownFields('Paket RR123456785ID tertahan, tolong hubungi 0812-3456-7890')).toEqual({
      trackingNumber: 'RR123456785ID',
      phone: '+6281234567890',
    });
  });

  test('an S10 number with a wrong check digit is left for the intake to ask', () => {
    expect(extractKnownFields('resi saya RR123456784ID belum sampai')).toEqual({});
  });

  test('an AWB, a billing code, a NIK, an NPWP and an e-mail', () => {
    expect(extractKnownFields('AWB 618-12345675 sudah 2 minggu')).toEqual({ airWaybill: '61812345675' });
    expect(extractKnownFields('sudah bayar kode billing 412345678901234 tapi belum terkonfirmasi')).toEqual({ billingCode: '412345678901234' });
    expect(extractKnownFields('NIK 3204110101900003 NPWP 01.234.567.8-901.000')).toEqual({ nik: '3204110101900003', npwp: '012345678901000' });
    expect(extractKnownFields('balas ke budi@example.com saja')).toEqual({ email: 'budi@example.com' });
  });

  test('a submission number goes to the PEB when the message is about export, else to the PIB', () => {
    expect(extractKnownFields('nomor aju PEB 00003001002320250312000045 belum keluar NPE')).toEqual({ pebNumber: '00003001002320250312000045' });
    expect(extractKnownFields('nomor aju PIB 00002001001720240105000123 kena jalur merah')).toEqual({ pibNumber: '00002001001720240105000123' });
  });

  test('amounts and questions without identifiers give nothing', () => {
    expect(extractKnownFields('berapa bea masuk untuk barang seharga Rp 2.000.000?')).toEqual({});
    expect(extractKnownFields('bagaimana cara mendaftarkan IMEI?')).toEqual({});
  });
});

describe('masking', () => {
  test('identity numbers keep only a few characters', () => {
    expect(FIELD_DEFINITIONS.nik.mask('3204110101900003')).toBe('3204••••••••0003');
    expect(FIELD_DEFINITIONS.npwp.mask('012345678901000')).toBe('01••••••••••000');
    expect(FIELD_DEFINITIONS.passport.mask('X1234567')).toBe('X•••••67');
    expect(FIELD_DEFINITIONS.imei.mask('490154203237518')).toBe('•••••••••••7518');
    expect(FIELD_DEFINITIONS.nppbkc.mask('0012345678901000040121')).toBe('••••••••••••••••••0121');
    expect(FIELD_DEFINITIONS.phone.mask('+6281234567890')).toBe('+62812••••7890');
    expect(FIELD_DEFINITIONS.contact.mask('+6281234567890')).toBe('+62812••••7890');
    expect(FIELD_DEFINITIONS.email.mask('budi.santoso@gmail.com')).toBe('b•••@gmail.com');
    expect(FIELD_DEFINITIONS.contact.mask('budi@example.com')).toBe('b•••@example.com');
  });

  test('shipment references and names are shown in full so the citizen can check them', () => {
    expect(FIELD_DEFINITIONS.trackingNumber.mask('RR123456785ID')).toBe('RR123456785ID');
    expect(FIELD_DEFINITIONS.name.mask('Siti Rahmawati')).toBe('Siti Rahmawati');
  });

  test('short values are masked but for their end', () => {
    expect(maskMiddle('AB12', 4, 4)).toBe('•••2');
    expect(maskMiddle('123456789', 2, 3)).toBe('12••••789');
    expect(maskMiddle('12345678', 2, 3)).toBe('••••••78');
    expect(maskEmail('nonsense')).toBe('••••ense');
  });
});
