import path from 'node:path'
import { z } from 'zod'

/** The only place that reads process.env. Parsed once at start-up; fails fast with a readable list of problems. */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform(v => v === 'true' || v === '1' || v === 'yes')

const hexColour = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4f91')
  .refine(c => contrastWithWhite(c) >= 4.5, 'must be dark enough for white text on it (contrast 4.5:1 or more, WCAG AA)')

/** WCAG contrast ratio of a colour against white. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
  return 1.05 / (luminance + 0.05)
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** A GOV.UK Notify API key: the key's name, the service id and the secret, joined by hyphens (the last two are UUIDs). */
const NOTIFY_KEY = /^.+-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i
/** GOV.UK Notify's API, used when TEXT_MESSAGE_NOTIFY_BASE_URL is not set. */
export const NOTIFY_BASE_URL = 'https://api.notifications.service.gov.uk'

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.string().url().optional(),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),

  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (leave it unset to use SQLite)')
    .optional(),
  SQLITE_PATH: z.string().default('./data/charter.sqlite'),
  /** normal (default): safe from corruption in WAL mode, may lose the last commits if the machine loses power; full: every commit waits for the disk. See docs/adr/0003. */
  SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),

  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  SECURE_COOKIES: bool.optional(),

  IDENTITY_ENCRYPTION_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes encoded as base64 (openssl rand -base64 32)')
    .optional(),

  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  PUBLIC_FORM_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  SIGN_IN_LINK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(20),
  INVITATION_DAYS: z.coerce.number().int().min(1).max(60).default(7),

  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().default('Charter <no-reply@charter.invalid>'),

  ORGANISATION_NAME: z.string().min(1).default('Northshire Social Security'),
  SERVICE_NAME: z.string().min(1).default('Our Charter'),
  BRAND_COLOUR: hexColour.default('#0b5566'),
  PHASE: z.enum(['alpha', 'beta', 'live']).default('beta'),
  CONTACT_EMAIL: z.string().email().default('charter@northshire.example'),
  CONTACT_PHONE: z.string().default('0800 000 0000'),

  DEMO_ON_FIRST_START: bool.optional(),
  SMALL_NUMBER_THRESHOLD: z.coerce.number().int().min(1).default(10),
  /** A JSON file with the organisation's own panel catalogue (dimensions, support needs, seldom-heard groups). */
  PANEL_CATALOGUE_FILE: z.string().optional(),
  // Complaints: local changes to the Scottish bank holidays the working-day calendar counts (docs/redress/working-days.md).
  REDRESS_HOLIDAYS_FILE: z.string().optional(),

  /** Text messages through GOV.UK Notify: all optional; the key and template together, or none (not set up). */
  TEXT_MESSAGE_NOTIFY_API_KEY: z
    .string()
    .trim()
    .regex(NOTIFY_KEY, 'must be a GOV.UK Notify API key: "<key name>-<service id>-<secret>", as Notify shows it when you create the key')
    .optional(),
  TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: z.string().trim().regex(UUID, 'must be the id of a Notify text message template (like f33517ff-2a88-4f6e-b855-c550268ce08a)').optional(),
  TEXT_MESSAGE_NOTIFY_BASE_URL: z.string().url('must be a URL like https://api.notifications.service.gov.uk').optional(),
  /** Optional: the Notify template for "you said, we did" updates by text message (with the key and template above). */
  TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID: z.string().trim().regex(UUID, 'must be the id of a Notify text message template (like f33517ff-2a88-4f6e-b855-c550268ce08a)').optional(),

  /** An optional language model for drafting analysis summaries (off unless ANALYSIS_LLM_URL is set). */
  ANALYSIS_LLM_URL: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^\s/]+/i, 'must be an http:// or https:// address of an OpenAI-compatible server, like http://127.0.0.1:8080')
    .optional(),
  ANALYSIS_LLM_MODEL: z.string().trim().min(1).max(200).optional(),
  ANALYSIS_LLM_API_KEY: z.string().trim().min(1).optional(),
  ANALYSIS_LLM_TIMEOUT_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(1).max(600).default(60),
})

export interface Config {
  readonly env: 'development' | 'test' | 'production'
  readonly server: { readonly host: string; readonly port: number; readonly baseUrl: string; readonly trustProxy: boolean }
  readonly logLevel: string
  readonly db:
    | { readonly dialect: 'sqlite'; readonly sqlitePath: string; readonly synchronous?: 'normal' | 'full' }
    | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number }
  readonly session: {
    readonly secret: string
    readonly idleMinutes: number
    readonly absoluteHours: number
    readonly secureCookies: boolean
  }
  readonly identityKey: Buffer
  readonly auth: {
    readonly signInRatePerMinute: number
    readonly publicFormRatePerMinute: number
    readonly lockoutThreshold: number
    readonly lockoutMinutes: number
    readonly signInLinkMinutes: number
    readonly invitationDays: number
  }
  readonly mail: { readonly smtpUrl: string; readonly from: string }
  readonly organisation: {
    readonly name: string
    readonly serviceName: string
    readonly brandColour: string
    readonly phase: 'alpha' | 'beta' | 'live'
    readonly contactEmail: string
    readonly contactPhone: string
  }
  readonly demoOnFirstStart: boolean
  readonly smallNumberThreshold: number
  /** The organisation's panel catalogue file (absolute path), or undefined for the default catalogue. */
  readonly panelCatalogueFile?: string
  /** The complaints calendar's holiday changes file (absolute path), or undefined for Scottish bank holidays only. */
  readonly redressHolidaysFile?: string
  /**
   * Text messages through GOV.UK Notify, or undefined when they are not set up (people who prefer text messages
   * are then skipped, with that reason). `apiKey` is a secret: never log it or show it.
   */
  readonly textMessages?: { readonly apiKey: string; readonly templateId: string; readonly baseUrl: string; readonly updateTemplateId?: string }
  /**
   * The language model that drafts analysis summaries (an OpenAI-compatible chat-completions server), or undefined
   * when it is off (the default). `apiKey` is a secret: never log it or show it.
   */
  readonly analysisLanguageModel?: AnalysisLanguageModelConfig
}

export interface AnalysisLanguageModelConfig {
  /** The server's address without a trailing slash: requests go to {url}/v1/chat/completions. */
  readonly url: string
  readonly model: string
  /** Optional (a local server may need none). Not enumerable, so it never reaches logs or JSON. */
  readonly apiKey?: string
  readonly timeoutSeconds: number
}

export class ConfigError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    super(`Configuration is not valid:\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

// Development and test only: production refuses to start without real secrets.
const DEV_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production'
const DEV_IDENTITY_KEY = 'ZGV2ZWxvcG1lbnQtb25seS1rZXktMzItYnl0ZXMhISE='

/** Parse an environment (default: process.env) into a frozen, typed configuration. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = EnvSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map(i => `${i.path.join('.')}: ${i.message}`))
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  const problems: string[] = []
  if (production && !e.SESSION_SECRET) problems.push('SESSION_SECRET: required in production')
  if (production && !e.IDENTITY_ENCRYPTION_KEY) problems.push('IDENTITY_ENCRYPTION_KEY: required in production')
  if (production && !e.BASE_URL) problems.push('BASE_URL: required in production (used in emailed links)')
  const notifyKey = e.TEXT_MESSAGE_NOTIFY_API_KEY
  const notifyTemplate = e.TEXT_MESSAGE_NOTIFY_TEMPLATE_ID
  if (notifyKey && !notifyTemplate) problems.push('TEXT_MESSAGE_NOTIFY_TEMPLATE_ID: required when TEXT_MESSAGE_NOTIFY_API_KEY is set (set both, or neither to leave text messages off)')
  if (notifyTemplate && !notifyKey) problems.push('TEXT_MESSAGE_NOTIFY_API_KEY: required when TEXT_MESSAGE_NOTIFY_TEMPLATE_ID is set (set both, or neither to leave text messages off)')
  if (e.TEXT_MESSAGE_NOTIFY_BASE_URL && !notifyKey && !notifyTemplate) {
    problems.push('TEXT_MESSAGE_NOTIFY_BASE_URL: set only with TEXT_MESSAGE_NOTIFY_API_KEY and TEXT_MESSAGE_NOTIFY_TEMPLATE_ID')
  }
  if (e.TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID && !notifyKey) {
    problems.push('TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID: set only with TEXT_MESSAGE_NOTIFY_API_KEY and TEXT_MESSAGE_NOTIFY_TEMPLATE_ID')
  }
  if (production && e.TEXT_MESSAGE_NOTIFY_BASE_URL && !e.TEXT_MESSAGE_NOTIFY_BASE_URL.startsWith('https://')) {
    problems.push('TEXT_MESSAGE_NOTIFY_BASE_URL: must be an https:// URL in production (the API key is sent to it)')
  }
  if (e.ANALYSIS_LLM_URL && !e.ANALYSIS_LLM_MODEL) problems.push('ANALYSIS_LLM_MODEL: required when ANALYSIS_LLM_URL is set (the name of the model the server runs)')
  if (!e.ANALYSIS_LLM_URL && (e.ANALYSIS_LLM_MODEL || e.ANALYSIS_LLM_API_KEY)) {
    problems.push('ANALYSIS_LLM_URL: required when ANALYSIS_LLM_MODEL or ANALYSIS_LLM_API_KEY is set (set the address too, or none of them to leave the language model off)')
  }
  if (problems.length > 0) throw new ConfigError(problems)

  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '')
  const config: Config = {
    env: e.NODE_ENV,
    server: { host: e.HOST, port: e.PORT, baseUrl, trustProxy: e.TRUST_PROXY },
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
    db: e.DATABASE_URL
      ? { dialect: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { dialect: 'sqlite', sqlitePath: e.SQLITE_PATH === ':memory:' ? ':memory:' : path.resolve(e.SQLITE_PATH), synchronous: e.SQLITE_SYNCHRONOUS },
    session: {
      secret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      secureCookies: e.SECURE_COOKIES ?? baseUrl.startsWith('https://'),
    },
    identityKey: Buffer.from(e.IDENTITY_ENCRYPTION_KEY ?? DEV_IDENTITY_KEY, 'base64'),
    auth: {
      signInRatePerMinute: e.SIGN_IN_RATE_LIMIT_PER_MINUTE,
      publicFormRatePerMinute: e.PUBLIC_FORM_RATE_LIMIT_PER_MINUTE,
      lockoutThreshold: e.LOCKOUT_THRESHOLD,
      lockoutMinutes: e.LOCKOUT_MINUTES,
      signInLinkMinutes: e.SIGN_IN_LINK_MINUTES,
      invitationDays: e.INVITATION_DAYS,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    organisation: {
      name: e.ORGANISATION_NAME,
      serviceName: e.SERVICE_NAME,
      brandColour: e.BRAND_COLOUR,
      phase: e.PHASE,
      contactEmail: e.CONTACT_EMAIL,
      contactPhone: e.CONTACT_PHONE,
    },
    demoOnFirstStart: e.DEMO_ON_FIRST_START ?? !production,
    smallNumberThreshold: e.SMALL_NUMBER_THRESHOLD,
    panelCatalogueFile: e.PANEL_CATALOGUE_FILE ? path.resolve(e.PANEL_CATALOGUE_FILE) : undefined,
    redressHolidaysFile: e.REDRESS_HOLIDAYS_FILE ? path.resolve(e.REDRESS_HOLIDAYS_FILE) : undefined,
    textMessages:
      notifyKey && notifyTemplate
        ? secretKept({
            apiKey: notifyKey,
            templateId: notifyTemplate,
            baseUrl: (e.TEXT_MESSAGE_NOTIFY_BASE_URL ?? NOTIFY_BASE_URL).replace(/\/$/, ''),
            ...(e.TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID ? { updateTemplateId: e.TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID } : {}),
          })
        : undefined,
    analysisLanguageModel:
      e.ANALYSIS_LLM_URL && e.ANALYSIS_LLM_MODEL
        ? languageModelKept({ url: e.ANALYSIS_LLM_URL.replace(/\/+$/, ''), model: e.ANALYSIS_LLM_MODEL, apiKey: e.ANALYSIS_LLM_API_KEY, timeoutSeconds: e.ANALYSIS_LLM_TIMEOUT_SECONDS })
        : undefined,
  }
  return deepFreeze(config)
}

/**
 * The text message settings with the API key kept out of sight: not enumerable (so JSON, spreading and logging the
 * configuration leave it out) and shown as "[hidden]" by util.inspect, while `settings.apiKey` still reads it.
 */
type TextMessageConfig = { readonly apiKey: string; readonly templateId: string; readonly baseUrl: string; readonly updateTemplateId?: string }

function secretKept(s: TextMessageConfig): TextMessageConfig {
  const { apiKey, ...visible } = s
  const out = { ...visible }
  Object.defineProperty(out, 'apiKey', { value: apiKey, enumerable: false })
  Object.defineProperty(out, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => ({ apiKey: '[hidden]', ...visible }),
    enumerable: false,
  })
  return out as TextMessageConfig
}

/** The language model settings with the API key kept out of sight, as for text messages above. */
function languageModelKept(s: AnalysisLanguageModelConfig): AnalysisLanguageModelConfig {
  const { apiKey, ...visible } = s
  const out = { ...visible }
  if (apiKey) Object.defineProperty(out, 'apiKey', { value: apiKey, enumerable: false })
  Object.defineProperty(out, Symbol.for('nodejs.util.inspect.custom'), {
    value: () => ({ ...(apiKey ? { apiKey: '[hidden]' } : {}), ...visible }),
    enumerable: false,
  })
  return out as AnalysisLanguageModelConfig
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
