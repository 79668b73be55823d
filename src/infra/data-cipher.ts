/**
 * Encryption at rest for what the store writes to Redis: AES-256-GCM with a random 12-byte IV per
 * value, in a versioned envelope `v1:<iv>:<tag>:<ciphertext>` (each part base64). The version lets
 * a later key or algorithm be introduced beside the old one; a value without the prefix is a legacy
 * plain value and is read as it is, so data written before encryption was switched on stays readable
 * (until `npm run cpc -- reseal` has sealed them all: then, with `refusePlain`, it is refused).
 *
 * Two compact forms, for the large values (kilobytes per conference): `v2:` is `v1:` with the plain
 * text deflated before it is encrypted (the conference's JSON shrinks about four times), used only
 * when that is smaller; `b1:` is binary, `b1:` + IV + tag + ciphertext as raw bytes, for files
 * (no base64, a third smaller). Deflating before encrypting lets the stored length depend on the
 * content's repetitions; an attacker would need to read Redis and also place text in the same
 * conference many times over to learn anything from that, and still would not read the content.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const PREFIX = 'v1:';
const COMPACT = 'v2:';
const BINARY = 'b1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** A plain (unsealed) value where plain values are refused (DataCipherOptions.refusePlain). */
export class PlainValueRefused extends DecryptionError {
  override name = 'PlainValueRefused';
  constructor() {
    super('stored value is not sealed: plain values are refused since the re-seal (DATA_PLAIN_VALUES)');
  }
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

export interface DataCipherOptions {
  /**
   * Refuse what `npm run cpc -- reseal` seals: a stored value that is not in an envelope (a legacy
   * plain value, from before encryption was switched on), and one asked for bound to something that
   * was sealed before values were bound. Once the re-seal has left none, such a value can only have
   * been written by someone without the key, or moved from another key. @defaultValue false
   */
  refusePlain?: boolean;
}

export class DataCipher {
  readonly #key: Buffer;
  /** Whether plain (legacy, unsealed) values are refused rather than read (DataCipherOptions). */
  readonly refusesPlain: boolean;

  constructor(key: Buffer, options: DataCipherOptions = {}) {
    if (key.length !== 32) throw new Error('the data encryption key must be 32 bytes');
    this.#key = Buffer.from(key);
    this.refusesPlain = options.refusePlain ?? false;
  }

  /** Throws when plain values are refused: for readers that tell a plain value by their own prefix. */
  refusePlainValue(): void {
    if (this.refusesPlain) throw new PlainValueRefused();
  }

  #seal(plain: Buffer, aad?: string): { iv: Buffer; tag: Buffer; body: Buffer } {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return { iv, tag: cipher.getAuthTag(), body };
  }

  #open(iv: Buffer, tag: Buffer, body: Buffer, aad?: string): Buffer {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, iv);
      if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      // Wrong key or tampered value: say so, never return garbage.
      throw new DecryptionError(
        'stored value could not be decrypted (wrong DATA_ENCRYPTION_KEY, or the value was altered)',
      );
    }
  }

  /**
   * What a value sealed `boundTo` something opens to: sealed bound to it, or sealed before values
   * were bound (no additional data), unless those are refused too (after the re-seal, which binds
   * them). A value bound to anything else does not open.
   */
  #openAs(iv: Buffer, tag: Buffer, body: Buffer, boundTo?: string): Buffer {
    if (boundTo === undefined) return this.#open(iv, tag, body);
    try {
      return this.#open(iv, tag, body, boundTo);
    } catch (err) {
      if (this.refusesPlain) throw err;
      return this.#open(iv, tag, body);
    }
  }

  /** An envelope's parts, and whether its plain text was deflated (`v2:`). */
  #parts(stored: string | Buffer): { iv: Buffer; tag: Buffer; body: Buffer; deflated: boolean } {
    if (Buffer.isBuffer(stored) && stored.subarray(0, 3).toString('latin1') === BINARY) {
      if (stored.length < 3 + IV_BYTES + TAG_BYTES) throw new DecryptionError('malformed encrypted value');
      const at = 3 + IV_BYTES;
      const [iv, tag, body] = [
        stored.subarray(3, at),
        stored.subarray(at, at + TAG_BYTES),
        stored.subarray(at + TAG_BYTES),
      ];
      return { iv, tag, body, deflated: false };
    }
    const text = typeof stored === 'string' ? stored : stored.toString('latin1');
    const [version, iv, tag, body] = text.split(':');
    if (version === 'b1' || iv === undefined || tag === undefined || body === undefined)
      throw new DecryptionError('malformed encrypted value');
    const b64 = (x: string) => Buffer.from(x, 'base64');
    return { iv: b64(iv), tag: b64(tag), body: b64(body), deflated: `${version}:` === COMPACT };
  }

  /** For the re-seal: whether an envelope was sealed bound to `boundTo` (not only before values were bound). */
  opensBound(stored: string | Buffer, boundTo: string): boolean {
    try {
      const { iv, tag, body } = this.#parts(stored);
      this.#open(iv, tag, body, boundTo);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The `v1:` envelope; with `compact`, the `v2:` one (deflated first) when that is smaller. With
   * `boundTo` (what the value is, e.g. a send's conference and key), authenticated with it, so the
   * value opens only as that (`decrypt(stored, boundTo)`); not one byte longer.
   */
  encrypt(plain: Buffer | string, options: { compact?: boolean; boundTo?: string } = {}): string {
    const bytes = typeof plain === 'string' ? Buffer.from(plain, 'utf8') : plain;
    const packed = options.compact ? deflateRawSync(bytes) : undefined;
    const useCompact = packed !== undefined && packed.length < bytes.length;
    const { iv, tag, body } = this.#seal(useCompact ? packed : bytes, options.boundTo);
    return `${useCompact ? COMPACT : PREFIX}${iv.toString('base64')}:${tag.toString('base64')}:${body.toString('base64')}`;
  }

  /**
   * The binary `b1:` envelope, for files: raw bytes, no base64. With `boundTo` (what the value is,
   * e.g. a file's conference and id), authenticated with it, so the value opens only as that.
   */
  encryptBinary(plain: Buffer, boundTo?: string): Buffer {
    const { iv, tag, body } = this.#seal(plain, boundTo);
    return Buffer.concat([Buffer.from(BINARY, 'latin1'), iv, tag, body]);
  }

  /**
   * A value sealed with `boundTo` (encryptBinary, encrypt); one sealed before values were bound (no
   * `boundTo`) is still opened. A value bound to anything else is refused.
   */
  decryptBound(stored: string | Buffer, boundTo: string): Buffer {
    return this.decryptBuffer(stored, boundTo);
  }

  /**
   * A keyed fingerprint of `text` (HMAC-SHA-256 under a key derived from the data key, 128 bits,
   * base64url): stands for content in a key name without revealing it, and without letting anyone
   * who lacks the data key confirm a guess of the content.
   */
  fingerprint(purpose: string, text: string): string {
    const key = createHmac('sha256', this.#key).update(`fingerprint:${purpose}`).digest();
    return createHmac('sha256', key).update(text).digest().subarray(0, 16).toString('base64url');
  }

  /** True when a stored value is in an envelope (else it is a legacy plain value). */
  static isEnvelope(stored: string | Buffer): boolean {
    const head = typeof stored === 'string' ? stored.slice(0, 3) : stored.subarray(0, 3).toString('latin1');
    return head === PREFIX || head === COMPACT || head === BINARY;
  }

  /**
   * Plain bytes of a stored value: decrypted from the envelope, or the legacy value as it is. With
   * `boundTo`, an envelope opens only if it was sealed bound to that or bound to nothing (before).
   */
  decryptBuffer(stored: string | Buffer, boundTo?: string): Buffer {
    if (!DataCipher.isEnvelope(stored)) {
      this.refusePlainValue();
      return typeof stored === 'string' ? Buffer.from(stored, 'utf8') : stored;
    }
    const { iv, tag, body, deflated } = this.#parts(stored);
    const plain = this.#openAs(iv, tag, body, boundTo);
    return deflated ? inflateRawSync(plain) : plain;
  }

  decrypt(stored: string | Buffer, boundTo?: string): string {
    return this.decryptBuffer(stored, boundTo).toString('utf8');
  }
}
