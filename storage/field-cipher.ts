import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;
const BASE64URL_PART = /^[A-Za-z0-9_-]*$/;

/**
 * Encrypts single field values (identity numbers such as NIK or passport numbers) for storage at
 * rest with AES-256-GCM. Sealed values read `v1.<iv>.<tag>.<ciphertext>` (base64url parts); each
 * encryption uses a fresh random IV, so equal inputs give different outputs.
 * Generate a key with `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`.
 */
export class FieldCipher {
  private readonly key: Buffer;

  /** @param key 32 bytes as 64 hex characters or as base64 / base64url (43 or 44 characters). */
  constructor(key: string) {
    this.key = FieldCipher.parseKey(key.trim());
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    // The version is authenticated too, so a value cannot be relabelled as another format.
    cipher.setAAD(Buffer.from(VERSION));
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  /** Throws when the value is malformed, was altered, or was sealed under another key. */
  decrypt(sealed: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION) {
      throw new Error(`FieldCipher.decrypt(): not a sealed value (expected "${VERSION}.<iv>.<tag>.<ciphertext>").`);
    }
    if (!parts.slice(1).every((part) => BASE64URL_PART.test(part))) {
      throw new Error('FieldCipher.decrypt(): sealed value has a part that is not base64url.');
    }
    const iv = Buffer.from(parts[1], 'base64url');
    const tag = Buffer.from(parts[2], 'base64url');
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
      throw new Error(`FieldCipher.decrypt(): sealed value needs a ${IV_BYTES}-byte IV and a ${TAG_BYTES}-byte tag.`);
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(Buffer.from(parts[3], 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new Error('FieldCipher.decrypt(): authentication failed: the value was altered or sealed under another key.', { cause: error });
    }
  }

  private static parseKey(key: string): Buffer {
    // Hex first: 64 hex characters are also valid base64 (of 48 bytes).
    const bytes = HEX_KEY.test(key) ? Buffer.from(key, 'hex') : BASE64_KEY.test(key) ? Buffer.from(key, 'base64') : undefined;
    if (bytes?.length !== KEY_BYTES) {
      throw new Error(
        `new FieldCipher(): the key must be ${KEY_BYTES} bytes written as 64 hex characters or as base64 (44 characters); got ${key.length} characters.`,
      );
    }
    return bytes;
  }
}
