import fs from 'node:fs'
import path from 'node:path'
import { ROOT_DIR } from './nunjucks.ts'

import { createHash } from 'node:crypto'

export const STYLESHEET_PATH = path.join(ROOT_DIR, 'public/build/app.css')
const ENTRY = path.join(ROOT_DIR, 'assets/scss/app.scss')

/** Compile our theme (GOV.UK Frontend with our own font stack and colours) to public/build/app.css. */
export async function buildStylesheet(): Promise<string> {
  const sass = await import('sass')
  const result = sass.compile(ENTRY, {
    loadPaths: [path.join(ROOT_DIR, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import', 'global-builtin'],
  })
  fs.mkdirSync(path.dirname(STYLESHEET_PATH), { recursive: true })
  fs.writeFileSync(STYLESHEET_PATH, result.css)
  return STYLESHEET_PATH
}

/**
 * A short fingerprint of the built stylesheet (building it first if needed), used in its URL so browsers may cache it
 * for a year yet always fetch a new build.
 */
export async function stylesheetVersion(): Promise<string> {
  if (!fs.existsSync(STYLESHEET_PATH)) await buildStylesheet()
  return createHash('sha256').update(fs.readFileSync(STYLESHEET_PATH)).digest('hex').slice(0, 12)
}
