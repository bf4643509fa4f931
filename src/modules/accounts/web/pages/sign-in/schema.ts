import { z } from 'zod'

/** An email address field; `whose` is "your" when people give their own, "their" when staff enter someone else's. */
export function emailFieldFor(whose: 'your' | 'their') {
  return z
    .string({ error: `Enter ${whose} email address` })
    .trim()
    .min(1, `Enter ${whose} email address`)
    .max(320, 'Email address must be 320 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com')
}

export const emailField = emailFieldFor('your')

export const signInSchema = z.object({
  email: emailField,
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Password must be 200 characters or fewer'),
})
