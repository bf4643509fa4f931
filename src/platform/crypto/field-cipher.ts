import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Encryption of single values at rest (identity and contact data), with AES-256-GCM.
 *
 * - A fresh random 96-bit IV for every value, so the same email encrypts differently each time.
 * - The caller's `context` (e.g. `panel_identity.email:<participant id>`) is bound in as additional authenticated
 *   data: a value copied to another row or column no longer decrypts.
 * - GCM's 128-bit tag detects any change to the stored text (tampering, truncation, corruption).
 * - The stored text is versioned and names the key that made it, so keys can be rotated (old keys decrypt,
 *   the current key encrypts) and the format can change later without guessing:
 *
 *       v1.<key id>.<iv>.<ciphertext>.<tag>        (each part base64url; the key id is 8 characters)
 *
 * The configured key is never used directly: HKDF derives one key for encryption and another for blind indexes.
 */

export const CIPHER_FORMAT_VERSION = 'v1'
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_BYTES = 32
const B64URL = /^[A-Za-z0-9_-]*$/
const UNREADABLE = 'The stored value is not in a format this service can read'

/** The stored text could not be decrypted: it was changed, it belongs to another row or column, or the key is wrong. */
export class DecryptionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DecryptionError'
  }
}

export interface FieldCipher {
  /** The id of the key that encrypts (8 base64url characters, not secret). */
  readonly keyId: string
  /** Encrypt one value. `context` says where it will be stored; the same context is needed to decrypt. */
  encrypt(plaintext: string, context: string): string
  /** Decrypt a value made by `encrypt` with the same context. Throws DecryptionError if anything is wrong. */
  decrypt(stored: string, context: string): string
  /**
   * A keyed, deterministic fingerprint (HMAC-SHA-256) of a value already normalised by the caller, for equality
   * look-ups such as "is this email already on the panel?" without decrypting every row. `purpose` keeps the
   * fingerprints of different fields apart. Made with the current key only: rotating the key means recomputing them.
   */
  blindIndex(value: string, purpose: string): string
}

interface DerivedKey {
  id: string
  encryption: Buffer
  index: Buffer
}

function derive(master: Buffer): DerivedKey {
  if (master.length !== KEY_BYTES) throw new Error(`An encryption key must be ${KEY_BYTES} bytes (got ${master.length})`)
  const salt = Buffer.alloc(0)
  return {
    id: createHmac('sha256', master).update('charter/key-id').digest('base64url').slice(0, 8),
    encryption: Buffer.from(hkdfSync('sha256', master, salt, 'charter/field-encryption/v1', KEY_BYTES)),
    index: Buffer.from(hkdfSync('sha256', master, salt, 'charter/blind-index/v1', KEY_BYTES)),
  }
}

/**
 * A cipher for the given 32-byte key. `previousKeys` (after a rotation) can still decrypt values they made;
 * new values always use `key`.
 */
export function createFieldCipher(key: Buffer, opts: { previousKeys?: readonly Buffer[] } = {}): FieldCipher {
  const current = derive(key)
  const keyring = new Map<string, DerivedKey>([[current.id, current]])
  for (const old of opts.previousKeys ?? []) {
    const d = derive(old)
    if (!keyring.has(d.id)) keyring.set(d.id, d)
  }

  return {
    keyId: current.id,

    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', current.encryption, iv, { authTagLength: TAG_BYTES })
      cipher.setAAD(aad(current.id, context))
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      const tag = cipher.getAuthTag()
      return [CIPHER_FORMAT_VERSION, current.id, iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join('.')
    },

    decrypt(stored, context) {
      const parts = stored.split('.')
      if (parts.length !== 5 || !parts.every(p => B64URL.test(p))) throw new DecryptionError(UNREADABLE)
      const [version, keyId, ivText, bodyText, tagText] = parts as [string, string, string, string, string]
      if (version !== CIPHER_FORMAT_VERSION) throw new DecryptionError(`The stored value uses an unknown format (${version.slice(0, 10)})`)
      const k = keyring.get(keyId)
      if (!k) throw new DecryptionError('The stored value was encrypted with a key this service does not have')
      const iv = Buffer.from(ivText, 'base64url')
      const tag = Buffer.from(tagText, 'base64url')
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new DecryptionError(UNREADABLE)
      try {
        const decipher = createDecipheriv('aes-256-gcm', k.encryption, iv, { authTagLength: TAG_BYTES })
        decipher.setAAD(aad(keyId, context))
        decipher.setAuthTag(tag)
        return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8')
      } catch {
        throw new DecryptionError('The stored value could not be decrypted: it has been changed, or it belongs somewhere else')
      }
    },

    blindIndex(value, purpose) {
      return createHmac('sha256', current.index).update(purpose).update('\u0000').update(value, 'utf8').digest('base64url')
    },
  }
}

/** The version and key id are authenticated too, so neither can be swapped without detection. */
function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`${CIPHER_FORMAT_VERSION}\u0000${keyId}\u0000${context}`, 'utf8')
}

const cache = new WeakMap<Buffer, FieldCipher>()

/** The cipher for a configured key (`config.identityKey`), made once per key. */
export function fieldCipherFor(key: Buffer): FieldCipher {
  let c = cache.get(key)
  if (!c) {
    c = createFieldCipher(key)
    cache.set(key, c)
  }
  return c
}
