/**
 * Encryption at rest for what the store writes to Redis: AES-256-GCM with a random 12-byte IV per
 * value, in a versioned envelope `v1:<iv>:<tag>:<ciphertext>` (each part base64). The version lets
 * a later key or algorithm be introduced beside the old one; a value without the prefix is a legacy
 * plain value and is read as it is, so data written before encryption was switched on stays readable.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const PREFIX = 'v1:';
const IV_BYTES = 12;

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** Parses a 32-byte key written as base64 (44 characters) or hex (64 characters); undefined if it is neither. */
export function parseDataKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(t)) {
    const b = Buffer.from(t, 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}

export class DataCipher {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('the data encryption key must be 32 bytes');
    this.#key = Buffer.from(key);
  }

  encrypt(plain: Buffer | string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${body.toString('base64')}`;
  }

  /** True when a stored value is in the envelope (else it is a legacy plain value). */
  static isEnvelope(stored: string | Buffer): boolean {
    return typeof stored === 'string' ? stored.startsWith(PREFIX) : stored.subarray(0, PREFIX.length).toString('latin1') === PREFIX;
  }

  /** Plain bytes of a stored value: decrypted from the envelope, or the legacy value as it is. */
  decryptBuffer(stored: string | Buffer): Buffer {
    if (!DataCipher.isEnvelope(stored)) return typeof stored === 'string' ? Buffer.from(stored, 'utf8') : stored;
    const text = typeof stored === 'string' ? stored : stored.toString('latin1');
    const [, iv, tag, body] = text.split(':');
    if (iv === undefined || tag === undefined || body === undefined) throw new DecryptionError('malformed encrypted value');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
    } catch {
      // Wrong key or tampered value: say so, never return garbage.
      throw new DecryptionError('stored value could not be decrypted (wrong DATA_ENCRYPTION_KEY, or the value was altered)');
    }
  }

  decrypt(stored: string | Buffer): string {
    return this.decryptBuffer(stored).toString('utf8');
  }
}
