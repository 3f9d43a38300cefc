import { normalizeMessage, parseLocaleNumber } from '../../../knowledge/normalizer';

const text = (message: string) => normalizeMessage(message).text;

describe('normalizeMessage', () => {
  test('lowercases, applies NFKC and drops punctuation and emoji', () => {
    expect(text('ＰＡＫＥＴ Saya!!! 😡😡')).toBe('paket saya');
    expect(text('  \n\t ')).toBe('');
    expect(text('🙏🙏🙏')).toBe('');
  });

  test('collapses letters repeated for emphasis but keeps real double letters', () => {
    expect(text('mahal bangettt')).toBe('mahal banget');
    expect(text('tolonggggg')).toBe('tolong');
    expect(text('maaaaf')).toBe('maaf');
    expect(text('it is freeeee')).toBe('it is free');
    expect(text('jemaah haji')).toBe('jemaah haji');
  });

  test('expands chat slang and abbreviations of the brief', () => {
    expect(text('brp pjk hp dr LN?')).toBe('berapa pajak handphone dari luar negeri');
    expect(text('gmn klo udh tf tp blm ada kabar')).toBe('bagaimana kalau sudah transfer tapi belum ada kabar');
    expect(text('pkt sy nyangkut di bc')).toBe('paket saya tertahan di bea cukai');
    expect(text('jastip oleh2 dr olshop')).toBe('jastip oleholeh dari olshop');
    expect(text('miras sama vape')).toBe('minuman alkohol sama vape');
    expect(text('umroh tahun depan, isi e-cd di all indo')).toBe('umrah tahun depan isi ecd di all indonesia');
    expect(text('kak gan sis mau tanya')).toBe('mau tanya');
  });

  test('reads BM as import duty, or black market next to a phone', () => {
    expect(text('BM nya berapa')).toBe('bea masuk nya berapa');
    expect(text('hp BM aman?')).toBe('handphone black market aman');
  });

  test('keeps BC 2.0 as a document code', () => {
    expect(text('dokumen BC 2.0')).toBe('dokumen bc 2');
  });

  test('normalises amounts and currencies', () => {
    const cases: Array<[string, string, number]> = [
      ['500 dolar', 'USD', 500],
      ['usd500', 'USD', 500],
      ['$ 500', 'USD', 500],
      ['US$1,500', 'USD', 1500],
      ['5jt', 'IDR', 5_000_000],
      ['1,5 juta', 'IDR', 1_500_000],
      ['Rp 2.000.000', 'IDR', 2_000_000],
      ['Rp100 juta', 'IDR', 100_000_000],
      ['500rb', 'IDR', 500_000],
      ['seratus juta', 'IDR', 100_000_000],
      ['RM 600', 'MYR', 600],
    ];
    for (const [input, currency, value] of cases) {
      expect(normalizeMessage(input).amounts).toEqual([{ currency, value }]);
    }
    expect(text('beli hp 1.500 dolar')).toBe('beli handphone usd 1500');
    expect(text('bawa 200batang rokok dan 1l miras')).toBe('bawa 200 batang rokok dan 1 liter minuman alkohol');
    expect(text('PPN 12%')).toBe('ppn 12 persen');
  });

  test('parses numbers the Indonesian and the English way', () => {
    expect(parseLocaleNumber('2.000.000')).toBe(2_000_000);
    expect(parseLocaleNumber('2,000,000')).toBe(2_000_000);
    expect(parseLocaleNumber('1,5')).toBe(1.5);
    expect(parseLocaleNumber('1.5')).toBe(1.5);
    expect(parseLocaleNumber('1.500')).toBe(1500);
  });

  test('replaces identifiers by placeholders so their values never appear', () => {
    const result = normalizeMessage('IMEI 490154203237518 sama resi RR123456785ID, NIK 3201014501900001');
    expect(result.text).toBe('imei __imei__ sama resi __s10__ nik __nik__');
    expect(result.text).not.toMatch(/\d{6,}/);
    expect(result.identifiers.map((match) => match.kind)).toEqual(['imei', 's10', 'nik']);
  });

  test('a citizen cannot forge a placeholder', () => {
    expect(normalizeMessage('__imei__ __proto__ constructor').identifiers).toEqual([]);
    expect(text('__imei__')).toBe('imei');
  });

  test('expands English contractions and shorthand', () => {
    expect(text("I can't register my phone, it's blocked pls")).toBe('i cannot register my handphone it blocked please');
  });

  test('reads only the first maxLength characters', () => {
    const result = normalizeMessage('paket '.repeat(2000), { maxLength: 100 });
    expect(result.truncated).toBe(true);
    expect(result.tokens.length).toBeLessThanOrEqual(17);
  });
});
