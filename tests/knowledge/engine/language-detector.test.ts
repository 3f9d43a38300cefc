import { detectLanguage } from '../../../knowledge/language-detector';

describe('detectLanguage', () => {
  test.each([
    ['Berapa lama proses pemeriksaan barang di gudang?', 'id'],
    ['brp lama sih min paketnya keluar', 'id'],
    ['hp sy ga bisa dipake pdhl udh daftar', 'id'],
    ['Where do I pay the duty for my parcel?', 'en'],
    ['my parcel is stuck', 'en'],
    ['can I bring two bottles of wine', 'en'],
    ['is it true that customs auctions goods on instagram?', 'en'],
  ])('%s → %s', (message, language) => {
    expect(detectLanguage(message).language).toBe(language);
  });

  test('an empty or unreadable message defaults to Indonesian with low confidence', () => {
    expect(detectLanguage('')).toMatchObject({ language: 'id', confidence: 0.5 });
    expect(detectLanguage('👍👍')).toMatchObject({ language: 'id', confidence: 0.5 });
  });

  test('accepts the tokens of a normalised message', () => {
    expect(detectLanguage(['where', 'is', 'my', 'parcel']).language).toBe('en');
  });
});
