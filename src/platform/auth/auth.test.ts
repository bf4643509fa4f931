import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newId } from '../ids.ts'
import { hashPassword, passwordProblem, verifyPassword } from './passwords.ts'
import { can, rolesThatCan } from './permissions.ts'
import { safeReturnTo } from './sign-in-session.ts'

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('a long enough password')
    assert.match(h, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    assert.equal(await verifyPassword(h, 'a long enough password'), true)
    assert.equal(await verifyPassword(h, 'a long enough passworD'), false)
    assert.equal(await verifyPassword('not a hash', 'x'), false)
  })

  it('asks for length rather than complexity, and refuses common passwords', () => {
    assert.equal(passwordProblem('short'), 'Password must be 10 characters or more')
    assert.equal(passwordProblem('Password123'), 'Choose a password that is harder to guess')
    assert.equal(passwordProblem('margaret-likes-tea', 'margaret@example.org'), 'Password must not contain your email address')
    assert.equal(passwordProblem('horse battery staple'), null)
  })
})

describe('permissions', () => {
  it('lets only admins manage users, and admins and the scrutiny body read the audit trail', () => {
    assert.deepEqual(rolesThatCan('users:manage'), ['admin'])
    assert.deepEqual(rolesThatCan('audit:read'), ['scrutiny_body', 'admin'])
    assert.equal(can('public', 'account:view'), false)
    assert.equal(can('public', 'site:view'), true)
  })
})

describe('after signing in', () => {
  it('goes back only to a page on this site', () => {
    assert.equal(safeReturnTo('/audit?x=1'), '/audit?x=1')
    assert.equal(safeReturnTo('//evil.example'), '/')
    assert.equal(safeReturnTo('/\\evil.example'), '/')
    assert.equal(safeReturnTo('https://evil.example'), '/')
    assert.equal(safeReturnTo('/sign-out'), '/')
    assert.equal(safeReturnTo(undefined), '/')
  })
})

describe('ids', () => {
  it('are UUIDv7: time-ordered and unique', () => {
    const a = newId(1_700_000_000_000)
    const b = newId(1_700_000_000_001)
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    assert.ok(a < b)
    assert.notEqual(newId(5), newId(5))
  })
})
