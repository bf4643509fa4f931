import { z } from 'zod'
import { MAX_RETENTION_MONTHS, MIN_RETENTION_MONTHS } from '../../../domain/retention.ts'

export const retentionSchema = z.object({
  inactiveMonths: z
    .string({ error: 'Enter the number of months' })
    .trim()
    .min(1, 'Enter the number of months')
    .regex(/^\d+$/, 'The number of months must be a whole number, like 36')
    .transform(Number)
    .refine(n => n >= MIN_RETENTION_MONTHS && n <= MAX_RETENTION_MONTHS, `The number of months must be between ${MIN_RETENTION_MONTHS} and ${MAX_RETENTION_MONTHS}`),
})
