import fs from 'node:fs'
import path from 'node:path'
import { ROOT_DIR } from './nunjucks.ts'

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
