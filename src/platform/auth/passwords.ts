import { hash, verify } from '@node-rs/argon2'

// argon2id with OWASP's recommended minimums (19 MiB, 2 iterations, 1 lane).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// A hash of a random password, verified against when the email is unknown, so a wrong email
// takes as long as a wrong password and timing does not reveal which accounts exist.
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`)
  return decoy
}

const COMMON = new Set([
  'password', 'password1', 'password123', '123456789', '1234567890', 'qwertyuiop', 'iloveyou12', 'letmein123',
  'welcome123', 'passw0rd12', 'charter123', 'administrator', 'qwerty1234', '1q2w3e4r5t', 'abc1234567',
])

/** NCSC guidance: length over complexity, and refuse well-known passwords. Returns a message or null. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < 10) return 'Password must be 10 characters or more'
  if (password.length > 200) return 'Password must be 200 characters or fewer'
  if (COMMON.has(password.toLowerCase())) return 'Choose a password that is harder to guess'
  if (email && password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()) && email.split('@')[0]!.length >= 4) {
    return 'Password must not contain your email address'
  }
  return null
}
