// The shapes the Core Group's decision rules work on (issue 7, item 1). Everything in this folder is a pure,
// deterministic function of a decision's settings and its ballots: no database, no clock, no randomness beyond
// the recorded seed of a ranked-choice decision. The `decisions` module stores ballots and settings and renders the
// outcome; the rules here say what the outcome is and explain it in plain English.

/** How a member took part. A phone ballot is entered by a facilitator and recorded as such. */
export type Channel = 'meeting' | 'online' | 'phone_facilitated'
export const CHANNELS: readonly Channel[] = ['meeting', 'online', 'phone_facilitated']

export type Method = 'consent' | 'consensus' | 'majority' | 'ranked'
export const METHODS: readonly Method[] = ['consent', 'consensus', 'majority', 'ranked']

/** Consent with objections (sociocracy). A concern or an objection carries its text. */
export type ConsentCast = { kind: 'consent' } | { kind: 'concern'; text: string } | { kind: 'objection'; text: string }

/** Consensus check. Standing aside or blocking carries the member's reason. */
export type ConsensusCast = { kind: 'agree' } | { kind: 'stand_aside'; reason: string } | { kind: 'block'; reason: string }

export type MajorityCast = { kind: 'for' } | { kind: 'against' } | { kind: 'abstain' }

/** Ranked choice: option ids, most preferred first. A member may rank as few options as they like (at least one). */
export type RankedCast = { kind: 'ranking'; optionIds: string[] }

export type Cast = ConsentCast | ConsensusCast | MajorityCast | RankedCast

/** One ballot. Ballots are given in the order they were received: a voter's later ballot replaces an earlier one. */
export interface Ballot<C extends Cast = Cast> {
  voterId: string
  channel: Channel
  cast: C
}

/**
 * Quorum: how many eligible members must take part. Either or both minimums may be set; the larger applies, and at
 * least one member must always take part. `minimumShare` is a share of the eligible members, from 0 to 1.
 */
export interface QuorumRule {
  minimumVoters?: number
  minimumShare?: number
}

interface CommonSettings {
  quorum: QuorumRule
  /** The Core Group members who may vote. Officials and stakeholders are never in this list. */
  eligibleVoterIds: readonly string[]
}

export interface ConsentSettings extends CommonSettings {
  method: 'consent'
}

export interface ConsensusSettings extends CommonSettings {
  method: 'consensus'
  /** Consensus needs stand-asides below this share of the members who took part (0 < share <= 1). Default 0.25. */
  standAsideLimit?: number
}

/** A threshold as an exact fraction, e.g. two-thirds is { numerator: 2, denominator: 3 }. */
export interface Fraction {
  numerator: number
  denominator: number
}

export interface MajoritySettings extends CommonSettings {
  method: 'majority'
  /**
   * Without a threshold, a simple majority: more for than against. With one, "for" must also be at least this
   * share of those who voted for or against (between a half and all). A tie is never adopted.
   */
  threshold?: Fraction
}

export interface RankedOption {
  id: string
  /** The option's short name, used in the explanation (not personal data). */
  label: string
}

export interface RankedSettings extends CommonSettings {
  method: 'ranked'
  options: readonly RankedOption[]
  /** Recorded when the decision is opened; breaks a tie for elimination that nothing else breaks. */
  seed: string
}

export type DecisionSettings = ConsentSettings | ConsensusSettings | MajoritySettings | RankedSettings

// ----- What happened to the ballots -----

export type RejectionReason =
  | 'not_eligible'
  | 'unknown_channel'
  | 'wrong_kind'
  | 'reason_missing'
  | 'empty_ranking'
  | 'unknown_option'
  | 'repeated_option'

export interface RejectedBallot {
  /** Position of the ballot in the list given. */
  index: number
  voterId: string
  reason: RejectionReason
  /** Why the ballot was not counted, in plain English. */
  message: string
}

export interface ReplacedBallot {
  /** Position of the earlier ballot in the list given. */
  index: number
  voterId: string
  /** Position of the ballot that replaced it (the voter's next valid ballot). */
  replacedByIndex: number
}

/** The ballots that count (one per eligible voter, the last valid one), and what happened to the rest. */
export interface Admission<C extends Cast = Cast> {
  counted: Ballot<C>[]
  replaced: ReplacedBallot[]
  rejected: RejectedBallot[]
}

export interface QuorumResult {
  met: boolean
  eligible: number
  tookPart: number
  needed: number
  /** e.g. "18 of 24 members took part; at least 13 were needed." */
  words: string
}

export type ByChannel = Record<Channel, number>

/** What a method's rule concluded from the counted ballots (before the quorum is applied). */
export interface Judgement {
  adopted: boolean
  /** The first sentence, e.g. "Adopted: 20 consented, 2 with concerns, no objections." */
  headline: string
  /** Further sentences (lists of objections are data, not sentences). */
  details: string[]
}
