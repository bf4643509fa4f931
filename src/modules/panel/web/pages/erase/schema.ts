import { z } from 'zod'

/** Keep what the person said (pseudonymised) or delete it too. The message speaks to the person, or about them. */
export function eraseSchema(self: boolean) {
  return z.object({
    contributions: z.enum(['keep', 'delete'], {
      error: self ? 'Select whether to keep what you told us or delete it' : 'Select whether to keep what they said or delete it',
    }),
  })
}
