// Invitations by text message, through GOV.UK Notify's documented API:
//   POST {base}/v2/notifications/sms
//   Authorization: Bearer <JWT, HS256, claims { iss: service id, iat: now in seconds }, signed with the key's secret>
//   { "phone_number", "template_id", "personalisation": { ... }, "reference" }  ->  201 { "id", "reference", ... }
// An API key reads "<key name>-<service id (36)>-<secret (36)>". Errors come back as
// { "status_code", "errors": [ { "error", "message" } ] }.
//
// Settings come from the platform configuration (config.textMessages, from TEXT_MESSAGE_NOTIFY_API_KEY,
// TEXT_MESSAGE_NOTIFY_TEMPLATE_ID and TEXT_MESSAGE_NOTIFY_BASE_URL); when they are not set, the channel reports
// itself as not set up and people who prefer text messages are skipped with that reason. The key is never logged.
import { createHmac } from 'node:crypto'
import type { Config } from '../../../../platform/config.ts'
import type { InvitationChannelAdapter } from './channel.ts'

export interface TextMessageSettings {
  /** The Notify API key: "<key name>-<service id>-<secret>". */
  apiKey: string
  /** The id of the Notify text message template, with ((activity)), ((when)), ((reply_link)) and ((reference)). */
  templateId: string
  /** Default https://api.notifications.service.gov.uk (NOTIFY_BASE_URL in the platform config). */
  baseUrl: string
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number
}

/** The text message settings from the configuration, or undefined when text messages are not set up. */
export function textMessageSettings(config: Pick<Config, 'textMessages'>): TextMessageSettings | undefined {
  const s = config.textMessages
  if (!s) return undefined
  return { apiKey: s.apiKey, templateId: s.templateId, baseUrl: s.baseUrl.replace(/\/$/, '') }
}

/** Split a Notify API key into its service id and secret (the last two 36-character UUIDs). */
export function parseNotifyKey(apiKey: string): { serviceId: string; secret: string } | undefined {
  const m = /([0-9a-f-]{36})-([0-9a-f-]{36})$/i.exec(apiKey.trim())
  return m ? { serviceId: m[1]!, secret: m[2]! } : undefined
}

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url')

/** The bearer token Notify wants: a JWT signed with HS256, issued by the service, issued now. */
export function notifyJwt(serviceId: string, secret: string, nowSeconds: number): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))
  const body = b64url(JSON.stringify({ iss: serviceId, iat: nowSeconds }))
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')
  return `${head}.${body}.${signature}`
}

export function textMessageChannel(settings: TextMessageSettings | undefined, now: () => Date = () => new Date()): InvitationChannelAdapter {
  const key = settings ? parseNotifyKey(settings.apiKey) : undefined
  return {
    channel: 'text',
    notReadyReason: () => (!settings ? 'Text messages are not set up' : !key ? 'The text message service key is not valid' : null),
    async deliver(contact, message) {
      if (!settings || !key) return { status: 'failed', reason: 'Text messages are not set up' }
      if (!contact.phone) return { status: 'failed', reason: 'No phone number' }
      try {
        const res = await fetch(`${settings.baseUrl}/v2/notifications/sms`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${notifyJwt(key.serviceId, key.secret, Math.floor(now().getTime() / 1000))}`,
          },
          body: JSON.stringify({
            phone_number: contact.phone,
            template_id: settings.templateId,
            personalisation: {
              activity: message.activityTitle,
              when: message.sessionText ?? '',
              reply_link: message.replyUrl ?? '',
              reference: message.reference,
            },
            reference: message.reference,
          }),
          signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
        })
        const json = (await res.json().catch(() => ({}))) as { id?: string; errors?: { error?: string; message?: string }[] }
        if (res.status === 201) return { status: 'sent', providerReference: json.id }
        const why = json.errors?.map(e => e.message ?? e.error).join('; ') || `status ${res.status}`
        return { status: 'failed', reason: `The text message service refused it: ${why}`.slice(0, 500) }
      } catch (err) {
        return { status: 'failed', reason: `The text message service could not be reached: ${(err as Error).message}`.slice(0, 500) }
      }
    },
  }
}
