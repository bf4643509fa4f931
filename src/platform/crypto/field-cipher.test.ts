import assert from 'node:assert/strict'
import { createHmac, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { CIPHER_FORMAT_VERSION, DecryptionError, createFieldCipher, fieldCipherFor } from './field-cipher.ts'

const KEY = Buffer.from('ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE=', 'base64')
const CONTEXT = 'panel_identity.email:0190c5a0-0000-7000-8000-000000000001'

/** Flip one bit of one base64url part of a stored value (0 = version ... 4 = tag). */
function flipBit(stored: string, part: number, byte = 0): string {
  const parts = stored.split('.')
  const bytes = Buffer.from(parts[part]!, 'base64url')
  bytes[byte] = (bytes[byte] ?? 0) ^ 0x01
  parts[part] = bytes.toString('base64url')
  return parts.join('.')
}

describe('field cipher (AES-256-GCM)', () => {
  const cipher = createFieldCipher(KEY)

  it('round-trips text, including empty and non-ASCII values', () => {
    for (const value of ['ada.lovelace@example.org', '', 'Siobhán Ó Dubhghaill', '07700 900123', 'Flat 2\n14 Mill Lane', '🙂'.repeat(50)]) {
      assert.equal(cipher.decrypt(cipher.encrypt(value, CONTEXT), CONTEXT), value)
    }
  })

  it('writes the versioned format v1.<key id>.<iv>.<ciphertext>.<tag> and never the plaintext', () => {
    const stored = cipher.encrypt('ada.lovelace@example.org', CONTEXT)
    const parts = stored.split('.')
    assert.equal(parts.length, 5)
    assert.equal(parts[0], CIPHER_FORMAT_VERSION)
    assert.equal(parts[1], cipher.keyId)
    assert.match(parts[1]!, /^[A-Za-z0-9_-]{8}$/)
    assert.equal(Buffer.from(parts[2]!, 'base64url').length, 12, '96-bit IV')
    assert.equal(Buffer.from(parts[4]!, 'base64url').length, 16, '128-bit tag')
    assert.ok(!stored.includes('ada'))
    assert.ok(!stored.includes('example.org'))
  })

  it('uses a fresh random IV for every value: the same value encrypts differently each time', () => {
    const a = cipher.encrypt('same value', CONTEXT)
    const b = cipher.encrypt('same value', CONTEXT)
    assert.notEqual(a, b)
    assert.notEqual(a.split('.')[2], b.split('.')[2])
    const ivs = new Set(Array.from({ length: 200 }, () => cipher.encrypt('x', CONTEXT).split('.')[2]))
    assert.equal(ivs.size, 200)
  })

  it('detects tampering with the ciphertext, the tag, the IV, the key id or the version', () => {
    const stored = cipher.encrypt('ada.lovelace@example.org', CONTEXT)
    for (const part of [2, 3, 4]) {
      assert.throws(() => cipher.decrypt(flipBit(stored, part), CONTEXT), DecryptionError, `part ${part}`)
    }
    const parts = stored.split('.')
    assert.throws(() => cipher.decrypt(['v2', ...parts.slice(1)].join('.'), CONTEXT), /unknown format/)
    assert.throws(() => cipher.decrypt([parts[0], 'AAAAAAAA', ...parts.slice(2)].join('.'), CONTEXT), /key this service does not have/)
  })

  it('detects a truncated or extended ciphertext', () => {
    const stored = cipher.encrypt('a longer value that spans more than one block', CONTEXT)
    const parts = stored.split('.')
    const body = Buffer.from(parts[3]!, 'base64url')
    const shorter = [...parts.slice(0, 3), body.subarray(0, body.length - 1).toString('base64url'), parts[4]].join('.')
    const longer = [...parts.slice(0, 3), Buffer.concat([body, Buffer.from([0])]).toString('base64url'), parts[4]].join('.')
    assert.throws(() => cipher.decrypt(shorter, CONTEXT), DecryptionError)
    assert.throws(() => cipher.decrypt(longer, CONTEXT), DecryptionError)
  })

  it('refuses a value moved to another row or column (the context is authenticated)', () => {
    const stored = cipher.encrypt('ada.lovelace@example.org', CONTEXT)
    assert.throws(() => cipher.decrypt(stored, 'panel_identity.email:0190c5a0-0000-7000-8000-000000000002'), DecryptionError)
    assert.throws(() => cipher.decrypt(stored, 'panel_identity.phone:0190c5a0-0000-7000-8000-000000000001'), DecryptionError)
  })

  it('refuses a value made with another key', () => {
    const other = createFieldCipher(randomBytes(32))
    assert.notEqual(other.keyId, cipher.keyId)
    assert.throws(() => other.decrypt(cipher.encrypt('secret', CONTEXT), CONTEXT), DecryptionError)
  })

  it('refuses malformed stored text with a DecryptionError, never a crash', () => {
    for (const bad of ['', 'plain text', 'v1.a.b.c', 'v1.a.b.c.d.e', 'v1.!!!!!!!!.AAAA.AAAA.AAAA', `v1.${cipher.keyId}.AAAA.AAAA.AAAA`]) {
      assert.throws(() => cipher.decrypt(bad, CONTEXT), DecryptionError, JSON.stringify(bad))
    }
  })

  it('after a key rotation, decrypts old values with the previous key and encrypts with the new one', () => {
    const newKey = randomBytes(32)
    const oldValue = cipher.encrypt('old value', CONTEXT)
    const rotated = createFieldCipher(newKey, { previousKeys: [KEY] })
    assert.equal(rotated.decrypt(oldValue, CONTEXT), 'old value')
    const newValue = rotated.encrypt('new value', CONTEXT)
    assert.equal(newValue.split('.')[1], rotated.keyId)
    assert.throws(() => cipher.decrypt(newValue, CONTEXT), DecryptionError, 'the old key cannot read new values')
  })

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => createFieldCipher(randomBytes(16)), /32 bytes/)
    assert.throws(() => createFieldCipher(Buffer.alloc(0)), /32 bytes/)
  })

  it('blind indexes are deterministic, keyed, separated by purpose, and do not reveal the value', () => {
    const a = cipher.blindIndex('ada.lovelace@example.org', 'email')
    assert.equal(a, cipher.blindIndex('ada.lovelace@example.org', 'email'))
    assert.notEqual(a, cipher.blindIndex('ada.lovelace@example.org', 'phone'))
    assert.notEqual(a, cipher.blindIndex('ada.lovelace@example.org ', 'email'))
    assert.notEqual(a, createFieldCipher(randomBytes(32)).blindIndex('ada.lovelace@example.org', 'email'))
    assert.match(a, /^[A-Za-z0-9_-]{43}$/)
    assert.ok(!a.includes('ada'))
  })

  it('derives separate keys: the blind index is not the encryption key at work', () => {
    // Same key material, different derivations: an index never equals an HMAC made with the raw key.
    const raw = createHmac('sha256', KEY).update('email').update('\u0000').update('x').digest('base64url')
    assert.notEqual(cipher.blindIndex('x', 'email'), raw)
  })

  it('fieldCipherFor makes one cipher per configured key', () => {
    assert.equal(fieldCipherFor(KEY), fieldCipherFor(KEY))
    const c = fieldCipherFor(KEY)
    assert.equal(c.decrypt(cipher.encrypt('shared', CONTEXT), CONTEXT), 'shared')
  })
})

