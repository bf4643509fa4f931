// Small statistics helpers: summary figures of a probability allocation, and the Jeffreys interval the paper uses
// to bound LEGACY's minimum probability from simulated runs.

function logGamma(x: number): number {
  // Lanczos approximation (g = 7, n = 9), accurate to ~1e-15 for x > 0.
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const xm = x - 1
  let a = c[0]!
  const t = xm + 7.5
  for (let i = 1; i < 9; i++) a += c[i]! / (xm + i)
  return 0.5 * Math.log(2 * Math.PI) + (xm + 0.5) * Math.log(t) - t + Math.log(a)
}

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < tiny) d = tiny
  d = 1 / d
  let h = d
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < tiny) d = tiny
    c = 1 + aa / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < 1e-15) break
  }
  return h
}

/** The regularised incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b
}

/** The p-quantile of the Beta(a, b) distribution, by bisection. */
export function betaQuantile(p: number, a: number, b: number): number {
  let lo = 0
  let hi = 1
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2
    if (regularizedBeta(mid, a, b) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/**
 * A one-sided upper confidence bound for a binomial proportion from the Jeffreys posterior: the `level` quantile of
 * Beta(successes + 1/2, trials - successes + 1/2). With level 0.99 this reproduces the paper's "99% upper confidence
 * bound based on Jeffreys interval" (1.21% from 96 of 10,000; 0.25% from 14 of 10,000).
 */
export function jeffreysUpper(successes: number, trials: number, level = 0.99): number {
  if (successes >= trials) return 1
  return betaQuantile(level, successes + 0.5, trials - successes + 0.5)
}

/** Gini coefficient of non-negative values (0 = all equal). */
export function gini(values: readonly number[]): number {
  const n = values.length
  if (n === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const total = sorted.reduce((a, b) => a + b, 0)
  if (total === 0) return 0
  let weighted = 0
  sorted.forEach((v, i) => {
    weighted += (2 * (i + 1) - n - 1) * v
  })
  return weighted / (n * total)
}

/** Geometric mean (0 if any value is 0). */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0 || values.some(v => v <= 0)) return 0
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length)
}
