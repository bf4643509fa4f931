// Easy Read pictures: PNG or JPEG only, known by their first bytes (not by the file name or what the browser says).

export const MAX_PICTURE_BYTES = 1024 * 1024

export type PictureMime = 'image/png' | 'image/jpeg'

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]

/** The picture's type from its first bytes, or null when it is neither PNG nor JPEG. */
export function pictureMime(bytes: Uint8Array): PictureMime | null {
  const starts = (magic: number[]) => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)
  if (starts(PNG)) return 'image/png'
  if (starts(JPEG)) return 'image/jpeg'
  return null
}
