import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { referenceDataAvailable, sortitionFile } from '../../../../bench/selection/reference-data.ts'
import { runSelectCommand, runSelectDrawCommand, runSelectVerifyCommand } from './select-command.ts'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } }, out: () => out.join(''), err: () => err.join('') }
}

const skip = referenceDataAvailable() ? false : 'the reference data (../shared/data/sortition) is not available'

describe('charter select', { skip }, () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'charter-select-'))
  })
  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  const small = sortitionFile('flanigan2021_replication/data/example_small_20')

  it('selects from the paper format, writes the four files, prints the minimum and the run time; verify confirms', async () => {
    const c = capture()
    const out = join(dir, 'small')
    const code = await runSelectCommand(['--categories', join(small, 'categories.csv'), '--respondents', join(small, 'respondents.csv'), '--size', '20', '--algorithm', 'leximin', '--out', out, '--seed', '4 8 15 16 23 42', '--panels', '500'], c.io)
    assert.equal(code, 0, c.err())
    assert.match(c.out(), /Minimum selection probability: 10\.0000% \(200 people at the minimum\)/)
    assert.match(c.out(), /Run time: [\d.]+ s/)
    assert.match(c.out(), /Seed '4 8 15 16 23 42' draws panel \d+ of 500/)
    const probabilities = (await readFile(join(out, 'probabilities.csv'), 'utf8')).trim().split('\n')
    assert.equal(probabilities[0], 'id,probability')
    assert.equal(probabilities.length, 201)
    assert.match(probabilities[1]!, /^0,0\.(1|0999999)/)
    const lottery = (await readFile(join(out, 'lottery.csv'), 'utf8')).trim().split('\n')
    assert.equal(lottery.length, 501)
    const panel = (await readFile(join(out, 'panel.csv'), 'utf8')).trim().split('\n')
    assert.equal(panel[0], 'id,gender,leaning')
    assert.equal(panel.length, 21)

    const v = capture()
    assert.equal(await runSelectVerifyCommand([out], v.io), 0, v.out())
    assert.match(v.out(), /Verified/)

    // Tampering with a written file is caught.
    await writeFile(join(out, 'panel.csv'), panel.slice(0, 20).join('\n'))
    const t = capture()
    assert.equal(await runSelectVerifyCommand([out], t.io), 1)
    assert.match(t.out(), /FAIL {2}panel\.csv does not match the record/)
  })

  it('selects from the Sortition Foundation format with households, then draws later from the published lottery', async () => {
    const sf = sortitionFile('sortition_algorithms_fixture')
    const out = join(dir, 'sf')
    const c = capture()
    const code = await runSelectCommand(['--features', join(sf, 'features.csv'), '--candidates', join(sf, 'candidates.csv'), '--id-column', 'nationbuilder_id', '--address-columns', 'primary_address1,primary_zip', '--size', '22', '--algorithm', 'legacy', '--legacy-runs', '300', '--panels', '100', '--out', out], c.io)
    assert.equal(code, 0, c.err())
    assert.match(c.out(), /No seed given/)
    const d = capture()
    assert.equal(await runSelectDrawCommand([out, '--seed', 'drawn at the meeting'], d.io), 0, d.err())
    assert.match(d.out(), /draws panel \d+ of 100/)
    const again = capture()
    assert.equal(await runSelectDrawCommand([out, '--seed', 'again'], again.io), 2)
    const v = capture()
    assert.equal(await runSelectVerifyCommand([out], v.io), 0, v.out())
  })

  it('explains bad input and impossible quotas', async () => {
    const c = capture()
    assert.equal(await runSelectCommand(['--categories', join(small, 'categories.csv'), '--size', '20', '--out', dir], c.io), 2)
    assert.match(c.err(), /give both --categories and --respondents/)
    const a = capture()
    assert.equal(await runSelectCommand(['--categories', join(small, 'categories.csv'), '--respondents', join(small, 'respondents.csv'), '--size', '20', '--algorithm', 'fair', '--out', dir], a.io), 2)
    assert.match(a.err(), /--algorithm must be leximin, maximin or legacy/)
    const quotas = join(dir, 'impossible.csv')
    await writeFile(quotas, 'category,feature,min,max\ngender,female,15,20\ngender,male,9,20\nleaning,liberal,9,20\nleaning,conservative,9,20\n')
    const i = capture()
    assert.equal(await runSelectCommand(['--categories', quotas, '--respondents', join(small, 'respondents.csv'), '--size', '20', '--out', join(dir, 'x')], i.io), 1)
    assert.match(i.err(), /No panel of 20 can meet all the quotas/)
    assert.match(i.err(), /Lower the minimum for gender = (female from 15 to 11|male from 9 to 5)/)
    const h = capture()
    assert.equal(await runSelectCommand(['--help'], h.io), 0)
    assert.match(h.out(), /charter select verify DIR/)
  })
})
