// The import form's fields: a multipart form gives each as { value } (a url-encoded one as a string). Both choices are
// checkboxes, so anything but "yes" is "no".
import { z } from 'zod'

/** A multipart field is { value }, a url-encoded one a string; a repeated field, a list. */
export function fieldValue(raw: unknown): string | undefined {
  const v = Array.isArray(raw) ? raw[0] : raw
  if (typeof v === 'string') return v
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value
  return undefined
}

export const importOptionsSchema = z.object({
  allOrNothing: z.preprocess(v => v === 'yes', z.boolean()),
  dryRun: z.preprocess(v => v === 'yes', z.boolean()),
})

export interface UploadedFile {
  filename: string
  bytes: Buffer
  truncated: boolean
}

/** The uploaded file, if the form was multipart and had one (the plugin has already read it into memory). */
export function uploadedFile(raw: unknown): UploadedFile | undefined {
  const f = Array.isArray(raw) ? raw[0] : raw
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'file') return undefined
  const part = f as { filename?: string; _buf?: Buffer | null; file?: { truncated?: boolean } }
  return { filename: part.filename ?? '', bytes: part._buf ?? Buffer.alloc(0), truncated: part.file?.truncated === true }
}
