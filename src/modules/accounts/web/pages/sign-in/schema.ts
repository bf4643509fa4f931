import { z } from 'zod'

export const emailField = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(320, 'Email address must be 320 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.com')

export const signInSchema = z.object({
  email: emailField,
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Password must be 200 characters or fewer'),
})
