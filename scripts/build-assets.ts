// Compiles our stylesheet. Runs after `npm install`/`npm ci` (prepare) and before tests.
import { buildStylesheet } from '../src/platform/views/stylesheet.ts'

const started = Date.now()
const file = await buildStylesheet()
console.log(`Built ${file} in ${Date.now() - started} ms`)
