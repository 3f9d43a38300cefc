import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../../storage/field-cipher';

describe('FieldCipher', () => {
  const keyBytes = randomBytes(32);
  const cipher = new FieldCipher(keyBytes.toString('base64'));
  const nik = '3174012309870001';

  test('when a value is encrypted, then it decrypts back to the same text', () => {
    expect(cipher.decrypt(cipher.encrypt(nik))).toBe(nik);
  });

  test('when a value is encrypted, then the result is a v1 string of three base64url parts that does not contain the value', () => {
    const sealed = cipher.encrypt(nik);

    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(nik);
  });

  test('when the same value is encrypted twice, then the results differ (fresh IV)', () => {
    const first = cipher.encrypt(nik);
    const second = cipher.encrypt(nik);

    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  test('when the value is empty or not ASCII, then it still round-trips', () => {
    expect(cipher.decrypt(cipher.encrypt(''))).toBe('');
    expect(cipher.decrypt(cipher.encrypt('Paspor Nº A1234567 — Ñoño 日本'))).toBe('Paspor Nº A1234567 — Ñoño 日本');
  });

  test('when the key is given as hex, base64 or base64url, then all three decrypt each other\'s values', () => {
    const fromHex = new FieldCipher(keyBytes.toString('hex'));
    const fromBase64Url = new FieldCipher(keyBytes.toString('base64url'));

    expect(fromHex.decrypt(cipher.encrypt(nik))).toBe(nik);
    expect(cipher.decrypt(fromBase64Url.encrypt(nik))).toBe(nik);
  });

  test('when the key has surrounding whitespace (as from a .env file), then it is accepted', () => {
    expect(new FieldCipher(`  ${keyBytes.toString('hex')}\n`).decrypt(cipher.encrypt(nik))).toBe(nik);
  });

  test.each([
    ['an empty string', ''],
    ['16 bytes of hex', randomBytes(16).toString('hex')],
    ['16 bytes of base64', randomBytes(16).toString('base64')],
    ['48 bytes of base64', randomBytes(48).toString('base64')],
    ['a passphrase', 'correct horse battery staple, customs edition!!'],
  ])('when the key is %s, then construction fails with a message about the 32-byte key', (_label, key) => {
    expect(() => new FieldCipher(key)).toThrow(/new FieldCipher\(\): the key must be 32 bytes/);
  });

  test('when the key is wrong, then the error message does not reveal it', () => {
    const secret = 'not-a-valid-key-but-still-secret';

    expect(() => new FieldCipher(secret)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });

  test('when the ciphertext is altered, then decryption fails as tampered', () => {
    const [version, iv, tag, ciphertext] = cipher.encrypt(nik).split('.');
    const bytes = Buffer.from(ciphertext, 'base64url');
    bytes[0] ^= 0x01;

    expect(() => cipher.decrypt([version, iv, tag, bytes.toString('base64url')].join('.'))).toThrow(
      /FieldCipher\.decrypt\(\): authentication failed/,
    );
  });

  test('when the tag or IV is altered, then decryption fails as tampered', () => {
    const [version, iv, tag, ciphertext] = cipher.encrypt(nik).split('.');
    const otherIv = randomBytes(12).toString('base64url');
    const otherTag = randomBytes(16).toString('base64url');

    expect(() => cipher.decrypt([version, otherIv, tag, ciphertext].join('.'))).toThrow(/authentication failed/);
    expect(() => cipher.decrypt([version, iv, otherTag, ciphertext].join('.'))).toThrow(/authentication failed/);
  });

  test('when the value was sealed under another key, then decryption fails', () => {
    const other = new FieldCipher(randomBytes(32).toString('base64'));

    expect(() => other.decrypt(cipher.encrypt(nik))).toThrow(/sealed under another key/);
  });

  test.each([
    ['plain text', nik],
    ['an unknown version', 'v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a missing part', 'v1.AAAAAAAAAAAAAAAA.AAAA'],
    ['a non-base64url part', 'v1.AAAA+AAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
    ['a short IV', 'v1.AAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA'],
  ])('when the sealed value is %s, then decryption fails with a clear error', (_label, sealed) => {
    expect(() => cipher.decrypt(sealed)).toThrow(/^FieldCipher\.decrypt\(\): /);
  });
});
