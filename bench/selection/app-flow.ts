// Selecting the Core Group in the application at the model case's size: 2,400 panel members, quotas on area, gender
// and age band from the population targets plus a seldom-heard minimum, LEXIMIN for a group of 30.
//
//   node_modules/.bin/node bench/selection/app-flow.ts [--members 2400] [--size 30]
//   DATABASE_URL=postgres://... node_modules/.bin/node bench/selection/app-flow.ts   (PostgreSQL, a temporary schema)
//
// It registers the members through the real commands (as the demo does), then times: building the pool, working out
// the chances in the worker thread, and — while that runs — how quickly the main thread answers the progress query
// the page polls (the web server must stay responsive). Prints figures, never asserts.
import { parseArgs } from 'node:util'
import { createTestDatabase } from '../../test/support/dialects.ts'
import { mulberry32 } from '../../src/demo/prng.ts'
import { changeConsents, getSelectionPool, registerParticipants, seededPseudonyms, setRepresentationTargets, type RegisterParticipantInput } from '../../src/modules/panel/index.ts'
import { createSelection, getProgress, getRunView, startComputation, waitForComputations } from '../../src/modules/selection/index.ts'
import { systemActor, type Actor } from '../../src/platform/auth/actor.ts'
import { systemClock } from '../../src/platform/clock.ts'
import type { AppDeps } from '../../src/platform/deps.ts'
import { newId } from '../../src/platform/ids.ts'
import { createLogger } from '../../src/platform/logger.ts'

const { values: args } = parseArgs({ options: { members: { type: 'string', default: '2400' }, size: { type: 'string', default: '30' } } })
const MEMBERS = Number(args.members)
const SIZE = Number(args.size)

const database = await createTestDatabase()
const deps: AppDeps = { config: database.config, db: database.db, dialect: database.dialect, clock: systemClock, mailer: { send: async () => {}, close: () => {} }, logger: createLogger('silent') }
const system = systemActor('bench')
const analyst: Actor = { userId: newId(), role: 'analyst', displayName: 'Bench analyst' }
const manager: Actor = { userId: newId(), role: 'panel_manager', displayName: 'Bench panel manager' }

const random = mulberry32(20261123)
const pick = <T>(weights: [T, number][]): T => {
  let r = random() * weights.reduce((s, [, w]) => s + w, 0)
  for (const [v, w] of weights) if ((r -= w) < 0) return v
  return weights.at(-1)![0]
}
const areas: [string, number][] = [['northshire_city', 34], ['eastport', 22], ['westhaven', 20], ['glenmoor', 14], ['the_isles', 10]]
const genders: [string, number][] = [['woman', 54], ['man', 42], ['non_binary', 2], ['another_way', 1], ['prefer_not_to_say', 1]]
const ages: [string, number][] = [['16_24', 8], ['25_34', 15], ['35_44', 18], ['45_54', 20], ['55_64', 20], ['65_74', 12], ['75_plus', 7]]

let t0 = performance.now()
const inputs: RegisterParticipantInput[] = Array.from({ length: MEMBERS }, (_, i) => ({
  fullName: `Bench Member ${i}`,
  email: `bench.member.${i}@example.org`,
  preferredChannel: 'email',
  joinedVia: 'online',
  demographics: { area: pick(areas), gender: pick(genders), age_band: pick(ages) },
  ...(random() < 0.08 ? { seldomHeardTags: ['remote_rural'] } : {}),
  ...(random() < 0.5 ? { address: { line1: `${1 + Math.floor(random() * 400)} Bench Street`, town: 'Benchton', postcode: 'EP1 1AA' } } : {}),
}))
const pseudonyms = seededPseudonyms(mulberry32(7))
const ids: string[] = []
for (let i = 0; i < inputs.length; i += 100) ids.push(...(await registerParticipants(deps, system, inputs.slice(i, i + 100), { pseudonyms })).map(p => p.id))
for (const id of ids) await changeConsents(deps, manager, id, [{ purpose: 'contact_research', given: random() < 0.93 }])
await setRepresentationTargets(deps, manager, {
  targets: {
    area: { northshire_city: 38, eastport: 20, westhaven: 18, glenmoor: 14, the_isles: 10 },
    gender: { woman: 51, man: 47, non_binary: 1, another_way: 1 },
    age_band: { '16_24': 12, '25_34': 17, '35_44': 17, '45_54': 18, '55_64': 17, '65_74': 12, '75_plus': 7 },
  },
  tolerance: 5,
  attritionMonths: 12,
})
const setupSeconds = (performance.now() - t0) / 1000

t0 = performance.now()
const pool = await getSelectionPool(deps, analyst)
const poolMs = performance.now() - t0

const { id } = await createSelection(deps, analyst, { title: 'Bench', panelSize: SIZE, algorithm: 'leximin', dimensions: ['area', 'gender', 'age_band'], seldomHeardMin: 3, slack: 1 })
t0 = performance.now()
await startComputation(deps, analyst, id)
const startMs = performance.now() - t0
const latencies: number[] = []
let status = 'computing'
while (status === 'computing') {
  await new Promise(r => setTimeout(r, 100))
  const q = performance.now()
  status = (await getProgress(deps, analyst, id)).status
  latencies.push(performance.now() - q)
}
await waitForComputations()
const computeSeconds = (performance.now() - t0) / 1000
const view = await getRunView(deps, analyst, id)
await database.close()

latencies.sort((a, b) => a - b)
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1)
console.log(`Dialect: ${database.dialect}; members ${MEMBERS}, pool ${pool.length} (active and consenting), group of ${SIZE}`)
console.log(`Setting up the panel through the commands: ${setupSeconds.toFixed(1)} s`)
console.log(`Building the pool (getSelectionPool, with household fingerprints): ${poolMs.toFixed(0)} ms`)
console.log(`Starting the computation (snapshot, audit): ${startMs.toFixed(0)} ms`)
console.log(`Working out the chances, start to stored result: ${computeSeconds.toFixed(1)} s (${view.status}; ${view.result?.method ?? view.error ?? ''})`)
console.log(`Smallest chance ${view.result?.minimum ?? '-'} (${view.result?.atMinimum ?? '-'} people), fair share ${view.result?.fairShare ?? '-'}`)
console.log(`Progress query while computing: ${latencies.length} polls, p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`)
