// Agreement between two analysts who coded the same sample of items. For each code, each item is a yes/no decision
// by each analyst; Cohen's kappa compares how often they agreed with how often they would agree by chance, given
// how often each of them used the code:
//   observed po = (bothYes + bothNo) / n
//   expected pe = pA * pB + (1 - pA) * (1 - pB), where pA, pB are the shares of items each analyst gave the code
//   kappa = (po - pe) / (1 - pe), undefined (null) when pe = 1 (both analysts made the same decision for every item,
//   e.g. neither ever used the code).
// The overall figures: the mean of the per-code kappas that are defined, and the pooled kappa
// (De Vries et al. 2008): (mean po - mean pe) / (1 - mean pe) over all codes, which weights codes by how much room
// for disagreement they had and is not pulled about by rarely used codes.

export type AgreementBand = 'poor' | 'slight' | 'fair' | 'moderate' | 'substantial' | 'almost perfect'

export interface CodeAgreement {
  code: string
  /** Items both analysts coded (the sample). */
  units: number
  bothYes: number
  onlyA: number
  onlyB: number
  bothNo: number
  /** Share of items on which they agreed. */
  observed: number
  /** Share on which they would agree by chance. */
  expected: number
  kappa: number | null
  /** Landis & Koch (1977) band of kappa; null when kappa is undefined. */
  interpretation: AgreementBand | null
}

export interface OverallAgreement {
  codes: number
  /** Codes whose kappa is defined. */
  codesWithKappa: number
  meanKappa: number | null
  meanInterpretation: AgreementBand | null
  pooledKappa: number | null
  pooledInterpretation: AgreementBand | null
}

/** Landis & Koch (1977): below 0 poor, 0-0.20 slight, 0.21-0.40 fair, 0.41-0.60 moderate, 0.61-0.80 substantial, above almost perfect. */
export function interpretKappa(kappa: number | null): AgreementBand | null {
  if (kappa === null || Number.isNaN(kappa)) return null
  const k = Math.round(kappa * 1e9) / 1e9 // 0.4 computed as 0.40000000000000002 is still "fair"
  if (k < 0) return 'poor'
  if (k <= 0.2) return 'slight'
  if (k <= 0.4) return 'fair'
  if (k <= 0.6) return 'moderate'
  if (k <= 0.8) return 'substantial'
  return 'almost perfect'
}

function kappaOf(observed: number, expected: number): number | null {
  return expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected)
}

/**
 * Cohen's kappa per code over the shared units. `coderA` and `coderB` map each unit to the codes that analyst gave
 * it (a unit missing from a map had no codes from that analyst). Codes outside `codes` are ignored.
 */
export function agreementByCode(
  units: readonly string[],
  coderA: ReadonlyMap<string, ReadonlySet<string>>,
  coderB: ReadonlyMap<string, ReadonlySet<string>>,
  codes: readonly string[],
): CodeAgreement[] {
  if (units.length === 0) throw new RangeError('Agreement needs at least one item coded by both analysts.')
  if (new Set(units).size !== units.length) throw new RangeError('Each item must appear once in the sample.')
  const n = units.length
  return codes.map(code => {
    let bothYes = 0
    let onlyA = 0
    let onlyB = 0
    for (const unit of units) {
      const a = coderA.get(unit)?.has(code) ?? false
      const b = coderB.get(unit)?.has(code) ?? false
      if (a && b) bothYes++
      else if (a) onlyA++
      else if (b) onlyB++
    }
    const bothNo = n - bothYes - onlyA - onlyB
    const pA = (bothYes + onlyA) / n
    const pB = (bothYes + onlyB) / n
    const observed = (bothYes + bothNo) / n
    const expected = pA * pB + (1 - pA) * (1 - pB)
    const kappa = kappaOf(observed, expected)
    return { code, units: n, bothYes, onlyA, onlyB, bothNo, observed, expected, kappa, interpretation: interpretKappa(kappa) }
  })
}

/** The mean of the defined per-code kappas, and the pooled kappa over all codes. */
export function overallAgreement(byCode: readonly CodeAgreement[]): OverallAgreement {
  const defined = byCode.filter(c => c.kappa !== null).map(c => c.kappa as number)
  const meanKappa = defined.length ? defined.reduce((s, k) => s + k, 0) / defined.length : null
  const pooledKappa = byCode.length
    ? kappaOf(
        byCode.reduce((s, c) => s + c.observed, 0) / byCode.length,
        byCode.reduce((s, c) => s + c.expected, 0) / byCode.length,
      )
    : null
  return {
    codes: byCode.length,
    codesWithKappa: defined.length,
    meanKappa,
    meanInterpretation: interpretKappa(meanKappa),
    pooledKappa,
    pooledInterpretation: interpretKappa(pooledKappa),
  }
}
