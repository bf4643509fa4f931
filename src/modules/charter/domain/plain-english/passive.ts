// Passive voice: a form of "be" (or "get") shortly before a past participle, as in "your claim will be decided".
// A charter should say who does what ("We will decide your claim"), so each find suggests a subject. A rough
// guide, not grammar: see docs/charter/plain-english.md for what it misses.
import { splitSentences, type TextSpan, type WordToken } from './readability.ts'

export interface PassiveMatch extends TextSpan {
  /** The words from the "be" form to the participle, as written: "will be decided", "are not always told". */
  phrase: string
  auxiliary: string
  participle: string
  /** 0-based index of the sentence it is in. */
  sentenceIndex: number
  /** Who did it, when the sentence says ("by a decision maker"), otherwise null. */
  agent: string | null
  /** Who should be the subject: the agent if there is one, otherwise "We" (the service, in a charter). */
  subject: string
  /** The start of the sentence turned round: "We will decide …", "A decision maker will decide …". */
  example: string
  /** A plain-English hint for the drafter, with the example. */
  suggestion: string
}

const BE = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', "'s", "'re", "'m"])
const GET = new Set(['get', 'gets', 'got', 'getting', 'gotten'])
/** Pronouns whose 's, 're or 'm is a form of "be" ("it's", "they're"); after a noun, 's is usually possessive. */
const CONTRACTS_BE = /^(it|that|this|he|she|there|here|what|who|where|everyone|nobody|they|we|you|i)['’](s|re|m)$/i
const MODALS = new Set(['will', 'can', 'must', 'should', 'may', 'might', 'could', 'would', 'shall'])

/** Words that may come between "be" and the participle: "is not always paid", "will be fully explained". */
const IN_BETWEEN = new Set([
  'not', 'never', 'always', 'also', 'usually', 'often', 'sometimes', 'then', 'already', 'still', 'only', 'just',
  'now', 'ever', 'first', 'again', 'soon', 'normally', 'generally', 'n’t', "n't",
])
const NOT_ADVERBS = new Set(['family', 'supply', 'apply', 'reply', 'rely', 'ally', 'fly', 'july', 'italy', 'assembly', 'early', 'only', 'holy', 'ugly', 'belly', 'bully', 'daily', 'weekly', 'monthly', 'yearly', 'friendly', 'elderly', 'lonely', 'likely', 'unlikely'])

/** Past participles that do not end in -ed, mapped to the plain verb (for the suggestion). */
const IRREGULAR: Readonly<Record<string, string>> = {
  arisen: 'arise', awoken: 'awake', borne: 'bear', born: 'bear', beaten: 'beat', begun: 'begin', bent: 'bend',
  bitten: 'bite', bled: 'bleed', blown: 'blow', broken: 'break', bred: 'breed', brought: 'bring', built: 'build',
  burnt: 'burn', burst: 'burst', bought: 'buy', caught: 'catch', chosen: 'choose', clung: 'cling', cast: 'cast',
  broadcast: 'broadcast', cut: 'cut', dealt: 'deal', dug: 'dig', done: 'do', drawn: 'draw', dreamt: 'dream',
  drunk: 'drink', driven: 'drive', eaten: 'eat', fallen: 'fall', fed: 'feed', felt: 'feel', fought: 'fight',
  found: 'find', fled: 'flee', flung: 'fling', flown: 'fly', forbidden: 'forbid', forecast: 'forecast',
  foreseen: 'foresee', forgotten: 'forget', forgiven: 'forgive', frozen: 'freeze', given: 'give', ground: 'grind',
  grown: 'grow', hung: 'hang', heard: 'hear', hidden: 'hide', hit: 'hit', held: 'hold', hurt: 'hurt', kept: 'keep',
  knelt: 'kneel', known: 'know', laid: 'lay', led: 'lead', leant: 'lean', leapt: 'leap', learnt: 'learn',
  left: 'leave', lent: 'lend', let: 'let', lit: 'light', lost: 'lose', made: 'make', meant: 'mean', met: 'meet',
  mislaid: 'mislay', misled: 'mislead', mistaken: 'mistake', misunderstood: 'misunderstand', mown: 'mow',
  outgrown: 'outgrow', overcome: 'overcome', overdrawn: 'overdraw', overheard: 'overhear', overpaid: 'overpay',
  overridden: 'override', overrun: 'overrun', overseen: 'oversee', overtaken: 'overtake', overthrown: 'overthrow',
 paid: 'pay', proven: 'prove', put: 'put', read: 'read', rebuilt: 'rebuild', remade: 'remake',
  repaid: 'repay', reread: 'reread', retold: 'retell', rewritten: 'rewrite', ridden: 'ride', rung: 'ring',
  risen: 'rise', run: 'run', said: 'say', seen: 'see', sought: 'seek', sold: 'sell', sent: 'send', set: 'set',
  sewn: 'sew', shaken: 'shake', shed: 'shed', shone: 'shine', shot: 'shoot', shown: 'show', shrunk: 'shrink',
  shut: 'shut', sung: 'sing', sunk: 'sink', sat: 'sit', slain: 'slay', slept: 'sleep', slid: 'slide', slung: 'sling',
  smelt: 'smell', sown: 'sow', spoken: 'speak', sped: 'speed', spelt: 'spell', spent: 'spend', spilt: 'spill',
  spun: 'spin', spat: 'spit', split: 'split', spoilt: 'spoil', spread: 'spread', sprung: 'spring', stood: 'stand',
  stolen: 'steal', stuck: 'stick', stung: 'sting', struck: 'strike', strung: 'string', striven: 'strive',
  sworn: 'swear', swept: 'sweep', swollen: 'swell', swung: 'swing', taken: 'take', taught: 'teach', torn: 'tear',
  told: 'tell', thought: 'think', thrown: 'throw', thrust: 'thrust', trodden: 'tread', understood: 'understand',
  undertaken: 'undertake', undergone: 'undergo', underpaid: 'underpay', underwritten: 'underwrite', undone: 'undo',
  upheld: 'uphold', woken: 'wake', worn: 'wear', woven: 'weave', wept: 'weep', won: 'win', wound: 'wind',
  withdrawn: 'withdraw', withheld: 'withhold', withstood: 'withstand', written: 'write', wrung: 'wring',
  bound: 'bind', beset: 'beset', forsaken: 'forsake', dwelt: 'dwell', hewn: 'hew', strewn: 'strew',
  forgone: 'forgo', foregone: 'forgo', inlaid: 'inlay', outdone: 'outdo', overdone: 'overdo', outlaid: 'outlay',
  redone: 'redo', resold: 'resell', resent: 'resend', rethought: 'rethink', reset: 'reset',
  rewound: 'rewind', upset: 'upset', gotten: 'get', got: 'get',
  proofread: 'proofread', mistaught: 'misteach', misread: 'misread', misspelt: 'misspell', misheard: 'mishear',
  overslept: 'oversleep', oversold: 'oversell', overspent: 'overspend', overlaid: 'overlay', underspent: 'underspend',
  underlain: 'underlie', undersold: 'undersell', unbound: 'unbind', unwound: 'unwind', unfrozen: 'unfreeze',
  handwritten: 'handwrite', shorn: 'shear', stunk: 'stink', begotten: 'beget',
  bidden: 'bid', lain: 'lie', quit: 'quit',
 
}

/** Words ending in -ed that are not participles. */
const NOT_PARTICIPLES = new Set([
  'need', 'speed', 'proceed', 'exceed', 'succeed', 'indeed', 'breed', 'feed', 'seed', 'weed', 'deed', 'bleed',
  'heed', 'steed', 'greed', 'creed', 'tweed', 'hundred', 'naked', 'wicked', 'sacred', 'kindred', 'rugged',
  'crooked', 'ragged', 'wretched', 'embed', 'shred', 'sled', 'bed', 'red', 'wed', 'led', 'fed', 'shed',
])

/**
 * "be" + these reads as an adjective, not a passive: "I am tired", "we are committed to", "people who are
 * disabled". Kept short on purpose; add to it when drafters report a false alarm.
 */
const ADJECTIVES = new Set([
  'tired', 'interested', 'worried', 'concerned', 'pleased', 'married', 'bored', 'excited', 'scared', 'surprised',
  'disabled', 'involved', 'committed', 'dedicated', 'entitled', 'satisfied', 'unemployed', 'retired', 'employed',
  'self-employed', 'aged', 'prepared', 'confused', 'embarrassed', 'ashamed', 'frightened', 'annoyed', 'upset',
  'gone', 'done', 'finished', 'closed', 'located', 'situated', 'delighted', 'frustrated', 'isolated', 'qualified',
  'experienced', 'skilled', 'determined', 'supposed', 'used', 'divorced', 'widowed', 'separated', 'registered',
  'housebound', 'bereaved', 'stressed', 'depressed', 'complicated', 'detailed', 'limited', 'alarmed', 'relieved',
  'stuck', 'lost', 'hurt', 'sorry', 'born',
])

/** What can follow "by" without being who does it: "paid by Friday", "sent by post". */
const NOT_AGENTS = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'post', 'phone',
  'email', 'letter', 'text', 'hand', 'then', 'now', 'tomorrow', 'today', 'midnight', 'noon', 'midday', 'mistake',
  'accident', 'default', 'law', 'next', 'end', 'time', 'deadline', 'date', 'cheque', 'bank', 'video', 'telephone',
])
const AGENT_STOP = new Set([
  'in', 'on', 'at', 'within', 'for', 'to', 'if', 'when', 'and', 'or', 'but', 'so', 'because', 'before', 'after',
  'unless', 'until', 'with', 'without', 'who', 'which', 'that', 'where', 'while', 'as', 'from', 'under', 'about',
])

function lower(w: string): string {
  return w.toLowerCase().replace(/’/g, "'")
}

function isParticiple(word: string): boolean {
  const w = lower(word)
  if (IRREGULAR[w] !== undefined) return true
  if (!/^[a-z][a-z-]*ed$/.test(w) || w.length < 4) return false
  return !NOT_PARTICIPLES.has(w) && !NOT_PARTICIPLES.has(w.split('-').pop()!)
}

function isSkippable(word: string): boolean {
  const w = lower(word)
  if (IN_BETWEEN.has(w)) return true
  return /^[a-z]{3,}ly$/.test(w) && !NOT_ADVERBS.has(w)
}

/** The plain verb for a past participle: "decided" -> "decide", "paid" -> "pay", "treated" -> "treat". */
export function baseVerb(participle: string): string {
  const w = lower(participle)
  const irregular = IRREGULAR[w]
  if (irregular !== undefined) return irregular
  if (!w.endsWith('ed')) return w
  if (w.endsWith('eed')) return w.slice(0, -1) // agreed, guaranteed
  if (/[^aeiou]ied$/.test(w)) return w.slice(0, -3) + 'y' // applied, notified
  if (/(ay|ey|oy|ow|ew|aw)ed$/.test(w)) return w.slice(0, -2) // played, allowed, reviewed
  if (/ued$/.test(w)) return w.slice(0, -1) // continued, issued
  const stem = w.slice(0, -2)
  if (/creat$/.test(stem)) return stem + 'e' // created (but treated, repeated)
  if (/ocus$/.test(stem)) return stem // focused
  // A doubled final consonant: "referred", "stopped", "planned"; but not "called", "assessed", "staffed".
  if (/([bdgmnprt])\1$/.test(stem)) return stem.slice(0, -1)
  if (/(at|id|ud|od|ut|et|ot|ad)$/.test(stem) && !/[aeiou]{2}[td]$/.test(stem)) return stem + 'e' // created, decided
  if (/[^aeiou]l$/.test(stem) && !/(ll|rl|wl)$/.test(stem)) return stem + 'e' // handled, enabled
  if (/[aeiou][cgsvz]$/.test(stem) || /[^aeiou][cgv]$/.test(stem) || /[rn]s$/.test(stem)) {
    return /(ss|[aeiou]{2}s)$/.test(stem) && !/(eas|ais|aus|ois|eus|ous|ies)$/.test(stem) ? stem : stem + 'e'
  }
  if (/(ar|ir|ur|or)$/.test(stem) && (!/[aeiou]{2}r$/.test(stem) || /qu[aeiou]r$/.test(stem)) && !/(itor|ector)$/.test(stem)) {
    return stem + 'e' // required, shared, measured, ignored; not monitored
  }
  if (/(in|um|am|im|om|ak|ik|ok|ap|op)$/.test(stem) && /[^aeiou][aeiou][kmnp]$/.test(stem) && !/(op|ain)$/.test(stem)) {
    return stem + 'e' // defined, assumed, named, invoked
  }
  return stem
}

function agentAfter(words: WordToken[], i: number, text: string): string | null {
  if (lower(words[i]?.text ?? '') !== 'by') return null
  const first = words[i + 1]
  if (!first || /^\d/.test(first.text)) return null
  // "by Friday", "by post", "by the end of the month": when, or how, not who.
  const head = /^(the|a|an)$/.test(lower(first.text)) ? words[i + 2] : first
  if (!head || NOT_AGENTS.has(lower(head.text)) || /^\d/.test(head.text)) return null
  let last = i + 1
  for (let j = i + 1; j < words.length && j <= i + 5; j++) {
    if (AGENT_STOP.has(lower(words[j]!.text))) break
    // Punctuation between words ends the agent: "by the tribunal, we ...".
    if (j > i + 1 && /[,;:.!?()]/.test(text.slice(words[j - 1]!.end, words[j]!.start))) break
    last = j
  }
  return text.slice(first.start, words[last]!.end)
}

function suggestionFor(
  auxWords: string[],
  participle: string,
  agent: string | null,
): { subject: string; example: string; suggestion: string } {
  const base = baseVerb(participle)
  const modal = auxWords.find(w => MODALS.has(w))
  const past = auxWords.some(w => w === 'was' || w === 'were' || w === 'been')
  const subject = agent ? agent.charAt(0).toUpperCase() + agent.slice(1) : 'We'
  let verb: string
  if (modal) verb = `${modal} ${base}`
  else if (past) verb = agent && /ed$/.test(participle) ? participle : `${agent ? 'has' : 'have'} ${participle}`
  else verb = agent ? `will ${base}` : base
  const example = `${subject} ${verb} …`
  return {
    subject,
    example,
    suggestion: agent
      ? `Say who does it first. For example: "${example}"`
      : `Say who does it. In a charter this is usually "we". For example: "${example}"`,
  }
}

/** Every passive in the text, in order, with offsets into the text. */
export function findPassives(text: string): PassiveMatch[] {
  const out: PassiveMatch[] = []
  for (const sentence of splitSentences(text)) {
    const words = sentence.words
    for (let i = 0; i < words.length; i++) {
      const w = lower(words[i]!.text)
      const contraction = CONTRACTS_BE.exec(w)
      const isBe = BE.has(w) || contraction !== null
      const isGet = GET.has(w)
      if (!isBe && !isGet) continue
      // "got" after "have" is possession ("we have got a form"), not a passive.
      if (isGet && i > 0 && /^(have|has|'ve|i've|we've|you've|they've)$/.test(lower(words[i - 1]!.text))) continue
      let j = i + 1
      while (j < words.length && j <= i + 3 && isSkippable(words[j]!.text)) j++
      const candidate = words[j]
      if (!candidate || j > i + 3) continue
      // Stop at punctuation between "be" and the participle: "it is, finished" is not one phrase.
      if (/[,;:.!?()]/.test(text.slice(words[i]!.end, candidate.start))) continue
      if (!isParticiple(candidate.text) || ADJECTIVES.has(lower(candidate.text))) continue
      // Start the phrase at a modal or "have" just before: "will be decided", "has been paid", "will not be sent".
      let first = i
      for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
        const prev = lower(words[k]!.text)
        if (MODALS.has(prev) || /^(have|has|had|to|not|never|always|also)$/.test(prev) || BE.has(prev)) first = k
        else break
      }
      if (/^(not|never|always|also)$/.test(lower(words[first]!.text))) first++
      const auxWords = words.slice(first, j).map(x => lower(x.text)).filter(x => !IN_BETWEEN.has(x) && !isSkippable(x))
      const agent = agentAfter(words, j + 1, text)
      const start = contraction ? words[i]!.start + words[i]!.text.search(/['’]/) : words[first]!.start
      const { subject, example, suggestion } = suggestionFor(auxWords, lower(candidate.text), agent)
      out.push({
        start,
        end: candidate.end,
        phrase: text.slice(start, candidate.end),
        auxiliary: text.slice(start, words[i]!.end),
        participle: candidate.text,
        sentenceIndex: sentence.index,
        agent,
        subject,
        example,
        suggestion,
      })
      i = j
    }
  }
  return out
}
