import type { Activity } from 'botbuilder';
import type { PlatformLimits } from '../../adapters/channel/channel-platform';
import { offeredChoicesOf, renderActivity, renderActivityWithOffer } from '../../adapters/channel/outbound-renderer';
import { markdownToTelegramHtml } from '../../adapters/telegram/telegram-html';

const LIMITS: PlatformLimits = { textMax: 100, textUnit: 'chars', buttonsMax: 3, buttonTitleMax: 20, listRowsMax: 10, listRowTitleMax: 24 };
const NO_LIST: PlatformLimits = { ...LIMITS, listRowsMax: 0, listRowTitleMax: 0 };
const identity = (text: string) => text;

const message = (text: string, choices: Array<string | { title: string; value: string }> = []): Partial<Activity> => ({
  type: 'message',
  text,
  locale: 'id-ID',
  ...(choices.length > 0
    ? { suggestedActions: { to: [], actions: choices.map((choice) => (typeof choice === 'string' ? { type: 'imBack', title: choice, value: choice } : { type: 'imBack', ...choice })) } }
    : {}),
});

describe('renderActivity: text', () => {
  test('when the text fits, then it is one message, trimmed', () => {
    expect(renderActivity(message('  Halo. Apa kabar?  '), LIMITS, identity)).toEqual([{ text: 'Halo. Apa kabar?' }]);
  });

  test('when the text is too long, then it is split at sentence ends and nothing is lost', () => {
    const sentences = Array.from({ length: 12 }, (_unused, index) => `Ini kalimat nomor ${index + 1}.`);
    const parts = renderActivity(message(sentences.join(' ')), LIMITS, identity);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(100);
      expect(part.text).toMatch(/^Ini kalimat nomor \d+\..*\.$/);
    }
    expect(parts.map((part) => part.text).join(' ')).toBe(sentences.join(' '));
  });

  test('when a 5,000-character answer meets a 4,096-character limit, then two messages split at a sentence end', () => {
    const sentence = 'Barang kiriman dengan nilai pabean di atas batas dikenai bea masuk dan pajak dalam rangka impor. ';
    const text = sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 5000).replace(/\s+\S*$/, '.');
    const parts = renderActivity(message(text), { ...LIMITS, textMax: 4096 }, identity);
    expect(parts).toHaveLength(2);
    expect(parts[0].text.length).toBeLessThanOrEqual(4096);
    expect(parts[0].text).toMatch(/impor\.$/);
    expect(`${parts[0].text} ${parts[1].text}`).toBe(text);
  });

  test('when one sentence is longer than the limit, then it is split between words', () => {
    const words = Array.from({ length: 40 }, (_unused, index) => `kata${index}`).join(' ');
    const parts = renderActivity(message(words), { ...LIMITS, textMax: 50 }, identity);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(50);
      expect(part.text).toMatch(/^kata\d+( kata\d+)*$/);
    }
    expect(parts.map((part) => part.text).join(' ')).toBe(words);
  });

  test('when one word is longer than the limit, then it is cut as a last resort, without splitting a character', () => {
    const word = '\u{1F600}'.repeat(30) + 'x'.repeat(30);
    const parts = renderActivity(message(word), { ...LIMITS, textMax: 16 }, identity);
    for (const part of parts) {
      expect(part.text.length).toBeLessThanOrEqual(16);
      expect(part.text).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(parts.map((part) => part.text).join('')).toBe(word);
  });

  test('when the limit counts UTF-8 bytes, then multi-byte text is measured in bytes', () => {
    const text = 'Kiriman ke Jepang 日本への荷物. '.repeat(10).trim();
    const parts = renderActivity(message(text), { ...LIMITS, textMax: 80, textUnit: 'utf8-bytes' }, identity);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part.text)).toBeLessThanOrEqual(80);
  });

  test('when formatting makes the text longer, then the formatted text is what fits the limit', () => {
    const text = 'A & B < C. '.repeat(20).trim();
    const parts = renderActivity(message(text), { ...LIMITS, textMax: 60 }, markdownToTelegramHtml);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(60);
    expect(parts[0].text).toContain('A &amp; B &lt; C.');
  });

  test('when there is no text and no choice, then nothing is sent', () => {
    expect(renderActivity(message('   '), LIMITS, identity)).toEqual([]);
  });
});

describe('renderActivity: suggested actions', () => {
  test('when the choices fit the buttons, then the last message carries them with the values Web Chat would send', () => {
    const rendered = renderActivityWithOffer(message('Apakah jawaban ini membantu?', ['Ya', { title: 'Tidak', value: 'tidak membantu' }]), LIMITS, identity);
    expect(rendered.messages).toEqual([
      { text: 'Apakah jawaban ini membantu?', buttons: [{ title: 'Ya', value: 'Ya' }, { title: 'Tidak', value: 'tidak membantu' }] },
    ]);
    expect(rendered.offer?.rendering).toBe('buttons');
  });

  test('when there are more choices than buttons, then a list when the platform has one', () => {
    const choices = ['Satu', 'Dua', 'Tiga', 'Empat'];
    const [only] = renderActivity(message('Pilih:', choices), LIMITS, identity);
    expect(only.buttons).toBeUndefined();
    expect(only.list).toEqual({ buttonLabel: 'Pilih', rows: choices.map((title) => ({ title, value: title })) });
    expect(renderActivity({ ...message('Choose:', choices), locale: 'en-US' }, LIMITS, identity)[0].list?.buttonLabel).toBe('Choose');
  });

  test('when neither buttons nor a list fit, then numbered lines go on the last message', () => {
    const choices = ['Bagaimana cara mendaftarkan IMEI HP yang dibeli di luar negeri?', 'Bukan semuanya'];
    const rendered = renderActivityWithOffer(message('Maksud Anda yang mana?', choices), { ...NO_LIST, textMax: 4096 }, identity);
    expect(rendered.messages).toEqual([{ text: `Maksud Anda yang mana?\n\n1. ${choices[0]}\n2. ${choices[1]}` }]);
    expect(rendered.offer).toEqual({ rendering: 'numbered', choices: choices.map((title) => ({ title, value: title })) });
  });

  test('when the numbered lines do not fit beside the text, then they follow in a message of their own', () => {
    const text = 'Ini pertanyaan yang cukup panjang untuk memenuhi hampir seluruh batas pesan di platform ini.';
    const parts = renderActivity(message(text, ['Pilihan pertama yang panjang', 'Pilihan kedua', 'Tiga', 'Empat']), { ...NO_LIST, buttonsMax: 3 }, identity);
    expect(parts[0].text).toBe(text);
    expect(parts.at(-1)?.text).toMatch(/^1\. Pilihan pertama yang panjang\n2\. Pilihan kedua\n3\. Tiga\n4\. Empat$/);
  });

  test('when buttons go with a long text, then they are on the last part only', () => {
    const text = Array.from({ length: 10 }, (_unused, index) => `Kalimat ${index + 1} dari jawaban.`).join(' ');
    const parts = renderActivity(message(text, ['Ya', 'Tidak']), LIMITS, identity);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.slice(0, -1).every((part) => part.buttons === undefined)).toBe(true);
    expect(parts.at(-1)?.buttons?.map((button) => button.title)).toEqual(['Ya', 'Tidak']);
  });

  test('when an offer has no prompt, then its choices are the text', () => {
    expect(renderActivity(message('', ['Ya', 'Tidak']), LIMITS, identity)).toEqual([{ text: '1. Ya\n2. Tidak' }]);
  });

  test('when an action has no string value, then its title is what the reply sends', () => {
    expect(offeredChoicesOf({ suggestedActions: { to: [], actions: [{ type: 'postBack', title: 'Status', value: { command: 'status' } }] } })).toEqual([{ title: 'Status', value: 'Status' }]);
  });
});
