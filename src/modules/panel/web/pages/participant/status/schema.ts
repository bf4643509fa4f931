import { z } from 'zod'

export const statusSchema = z.object({
  status: z.enum(['active', 'withdrawn'], { error: 'Select whether they are still on the panel' }),
})
