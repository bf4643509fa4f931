// Invitations and updates by text message, through GOV.UK Notify's documented API:
//   POST {base}/v2/notifications/sms
//   Authorization: Bearer <JWT, HS256, claims { iss: service id, iat: now in seconds }, signed with the key's secret>
//   { "phone_number", "template_id", "personalisation": { ... }, "reference" }  ->  201 { "id", "reference", ... }
// An API key reads "<key name>-<service id (36)>-<secret (36)>". Errors come back as
// { "status_code", "errors": [ { "error", "message" } ] }.
//
// Settings come from the platform configuration (config.textMessages, from TEXT_MESSAGE_NOTIFY_API_KEY,
// TEXT_MESSAGE_NOTIFY_TEMPLATE_ID and TEXT_MESSAGE_NOTIFY_BASE_URL); when they are not set, the channel reports
// itself as not set up and people who prefer text messages are skipped with that reason. Updates ("you said, we
// did") use their own template (TEXT_MESSAGE_NOTIFY_UPDATE_TEMPLATE_ID); without it, updates by text are not set up.
// The key is never logged.
import { createHmac } from 'node:crypto'
import type { Config } from '../../../../platform/config.ts'
import type { ChannelAdapter, DeliveryResult, InvitationChannelAdapter, UpdateMessage } from './channel.ts'

export interface TextMessageSettings {
  /** The Notify API key: "<key name>-<service id>-<secret>". */
  apiKey: string
  /** The id of the Notify text message template, with ((activity)), ((when)), ((reply_link)) and ((reference)). */
  templateId: string
  /** The id of the Notify template for "you said, we did" updates, with ((title)) and ((link)); unset: not set up. */
  updateTemplateId?: string
  /** Default https://api.notifications.service.gov.uk (NOTIFY_BASE_URL in the platform config). */
  baseUrl: string
  /** Give up on one request after this long (default 10 s). */
  timeoutMs?: number
}

/** The text message settings from the configuration, or undefined when text messages are not set up. */
export function textMessageSettings(config: Pick<Config, 'textMessages'>): TextMessageSettings | undefined {
  const s = config.textMessages
  if (!s) return undefined
  return { apiKey: s.apiKey, templateId: s.templateId, updateTemplateId: s.updateTemplateId, baseUrl: s.baseUrl.replace(/\/$/, '') }
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

/** POST one text message to Notify: the result says what happened, in plain English when it failed. */
async function postSms(
  settings: TextMessageSettings,
  key: { serviceId: string; secret: string },
  now: () => Date,
  sms: { phone: string; templateId: string; personalisation: Record<string, string>; reference: string },
): Promise<DeliveryResult> {
  try {
    const res = await fetch(`${settings.baseUrl}/v2/notifications/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${notifyJwt(key.serviceId, key.secret, Math.floor(now().getTime() / 1000))}`,
      },
      body: JSON.stringify({ phone_number: sms.phone, template_id: sms.templateId, personalisation: sms.personalisation, reference: sms.reference }),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 10_000),
    })
    const json = (await res.json().catch(() => ({}))) as { id?: string; errors?: { error?: string; message?: string }[] }
    if (res.status === 201) return { status: 'sent', providerReference: json.id }
    const why = json.errors?.map(e => e.message ?? e.error).join('; ') || `status ${res.status}`
    return { status: 'failed', reason: `The text message service refused it: ${why}`.slice(0, 500) }
  } catch (err) {
    return { status: 'failed', reason: `The text message service could not be reached: ${(err as Error).message}`.slice(0, 500) }
  }
}

export function textMessageChannel(settings: TextMessageSettings | undefined, now: () => Date = () => new Date()): InvitationChannelAdapter {
  const key = settings ? parseNotifyKey(settings.apiKey) : undefined
  return {
    channel: 'text',
    notReadyReason: () => (!settings ? 'Text messages are not set up' : !key ? 'The text message service key is not valid' : null),
    async deliver(contact, message) {
      if (!settings || !key) return { status: 'failed', reason: 'Text messages are not set up' }
      if (!contact.phone) return { status: 'failed', reason: 'No phone number' }
      return postSms(settings, key, now, {
        phone: contact.phone,
        templateId: settings.templateId,
        personalisation: {
          activity: message.activityTitle,
          when: message.sessionText ?? '',
          reply_link: message.replyUrl ?? '',
          reference: message.reference,
        },
        reference: message.reference,
      })
    },
  }
}

/**
 * A "you said, we did" update by text message: a short message from its own Notify template, with ((title)) and
 * ((link)) (the public page). Without that template, updates by text are not set up.
 */
export function updateTextMessageChannel(settings: TextMessageSettings | undefined, now: () => Date = () => new Date()): ChannelAdapter<UpdateMessage> {
  const key = settings ? parseNotifyKey(settings.apiKey) : undefined
  const templateId = settings?.updateTemplateId
  const notReady = () => (!settings ? 'Text messages are not set up' : !key ? 'The text message service key is not valid' : !templateId ? 'Text messages for updates are not set up' : null)
  return {
    channel: 'text',
    notReadyReason: notReady,
    async deliver(contact, message) {
      const why = notReady()
      if (why || !settings || !key || !templateId) return { status: 'failed', reason: why ?? 'Text messages are not set up' }
      if (!contact.phone) return { status: 'failed', reason: 'No phone number' }
      return postSms(settings, key, now, { phone: contact.phone, templateId, personalisation: { title: message.title, link: message.publicUrl }, reference: message.reference })
    },
  }
}
