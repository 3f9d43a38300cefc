import { normalizeMessage, normalizeTokens } from '../../knowledge/normalizer';

/**
 * The amount rewrites of the normaliser run only when a cheap scan finds what their patterns need
 * (a digit not glued to a word, a currency prefix before a number, a scale or percent word). These
 * cases sit on the edges of those scans: digits glued to words, prefixes glued to numbers, amounts
 * in words, grouped numbers, non-Latin digits. The expected text and amounts were recorded with
 * the normaliser as it was before the scans were added.
 */
const CASES: Array<[input: string, text: string, amounts: string]> = [
  ["kode1a berapa batas bebas bea", "kode1a berapa batas bebas bea", ""],
  ["kodeb3 usd 500", "kodeb 3 usd 500", "USD 500"],
  ["barang rp5jt kode2p3", "barang idr 5000000 kode2p3", "IDR 5000000"],
  ["abc5% diskon", "abc 5 persen diskon", ""],
  ["kode1 persen bea masuk", "kode 1 persen bea masuk", ""],
  ["harga 1,5 juta", "harga idr 1500000", "IDR 1500000"],
  ["bayar Rp 2.000.000 ke rekening", "bayar idr 2000000 ke rekening", "IDR 2000000"],
  ["usd1500 kamera", "usd 1500 kamera", "USD 1500"],
  ["200batang rokok", "200 batang rokok", ""],
  ["pph22 berapa", "pph 22 berapa", ""],
  ["dua juta rupiah", "idr 2000000 idr", "IDR 2000000"],
  ["seratus ribu", "idr 100000", "IDR 100000"],
  ["lima juta kena pajak?", "idr 5000000 dikenakan pajak", "IDR 5000000"],
  ["bawa 2 liter wine", "bawa 2 liter wine", ""],
  ["x2 botol", "x 2 botol", ""],
  ["3x lipat", "3 x lipat", ""],
  ["10%", "10 persen", ""],
  ["2.000", "2000", ""],
  ["versi 1.5.2", "versi 152", ""],
  ["a1.000", "a 1 000", ""],
  ["€50 parfum", "eur 50 parfum", "EUR 50"],
  ["£20", "gbp 20", "GBP 20"],
  ["¥3000", "jpy 3000", "JPY 3000"],
  ["S$ 100", "sgd 100", "SGD 100"],
  ["A$200", "aud 200", "AUD 200"],
  ["rm 50 ringgit", "myr 50 myr", "MYR 50"],
  ["rp. 150.000", "idr 150000", "IDR 150000"],
  ["sgd5", "sgd 5", "SGD 5"],
  ["my5 items", "my 5 goods", ""],
  ["jpy 1m", "jpy 1000000", "JPY 1000000"],
  ["usd 1m", "usd 1000000", "USD 1000000"],
  ["5jt", "idr 5000000", "IDR 5000000"],
  ["500rb", "idr 500000", "IDR 500000"],
  ["1,5jt", "idr 1500000", "IDR 1500000"],
  ["can't pay 5 usd", "cannot pay usd 5", "USD 5"],
  ["it’s 3 kg", "it 3 kg", ""],
  ["nomor 12/2025", "nomor 12 2025", ""],
  ["BC 2.0 dan bc 3.0", "bc 2 dan bc 3", ""],
  ["barang2 dari luar negri", "barang dari luar negeri", ""],
  ["oleh-oleh 3kg", "oleholeh 3 kg", ""],
  ["e-cd wajib?", "ecd wajib", ""],
  ["freeee ongkir 1000000 rupiah", "free ongkos kirim idr 1000000", "IDR 1000000"],
  ["imei 490154203237518 diblokir", "imei __imei__ diblokir", ""],
  ["resi RR123456785ID", "resi __s10__", ""],
  ["１２ ｋｇ", "12 kg", ""],
  ["٣ kg", "٣ kg", ""],
  ["café 5 €", "café 5", ""],
  ["total:5000", "total 5000", ""],
  ["nilai 5.000.000,50", "nilai 5000000.5", ""],
  ["usd 5.5", "usd 5.5", "USD 5.5"],
  ["juta2an", "juta2an", ""],
  ["miliaran", "miliaran", ""],
  ["ribuan orang", "ribuan orang", ""],
];

describe('normaliser amounts around the rewrite gates', () => {
  test.each(CASES)('%j', (input, text, amounts) => {
    const normalized = normalizeMessage(input);
    expect(normalized.text).toBe(text);
    expect(normalized.amounts.map((amount) => `${amount.currency} ${amount.value}`).join(', ')).toBe(amounts);
  });

  test('normalizeTokens is normalizeMessage without the joined text', () => {
    for (const [input] of CASES) {
      const { text, ...rest } = normalizeMessage(input, { maxLength: 20 });
      expect(normalizeTokens(input, { maxLength: 20 })).toEqual(rest);
      expect(text).toBe(rest.tokens.join(' '));
    }
  });
});
