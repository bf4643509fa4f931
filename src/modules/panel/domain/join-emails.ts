import type { OutgoingMessage } from '../../../platform/mail/mailer.ts'
import { formatDateTime } from '../../../platform/views/nunjucks.ts'

/** Plain-text emails about joining the panel. Plain text is what many screen-reader and low-bandwidth users read. */

interface Org {
  name: string
  serviceName: string
  contactEmail: string
  contactPhone: string
}

function footer(org: Org): string {
  return `If you need help, or you did not expect this email, contact us:\nemail ${org.contactEmail}\nphone ${org.contactPhone}\n\n${org.name}`
}

export function resumeLinkEmail(org: Org, to: string, link: string, expiresAt: Date): OutgoingMessage {
  return {
    to,
    subject: `Your link to carry on joining the ${org.name} panel`,
    text: [
      'You saved your answers. Use this link to carry on joining the panel:',
      '',
      link,
      '',
      `The link works once. We keep your answers until ${formatDateTime(expiresAt)}. After that, you would need to start again.`,
      '',
      'Do not share this link with anyone: it opens the answers you have given us.',
      '',
      footer(org),
    ].join('\n'),
  }
}

export function joinedEmail(
  org: Org,
  to: string,
  opts: { pseudonym: string; myRecordLink: string; signInLink: string; hasAccount: boolean },
): OutgoingMessage {
  return {
    to,
    subject: `You have joined the ${org.name} panel`,
    text: [
      'Thank you for joining our panel.',
      '',
      `Your panel reference is ${opts.pseudonym}. Quote it if you call us.`,
      '',
      'What happens next',
      '',
      'We will contact you when there is research you can take part in, such as a survey, an interview or a workshop. Taking part is always your choice.',
      '',
      ...(opts.hasAccount
        ? [
            'See and change your details',
            '',
            'You can see your details, change them, and change what you agreed to, at:',
            '',
            opts.myRecordLink,
            '',
            `You do not need a password. Ask for a sign-in link to be sent to this email address at ${opts.signInLink}`,
            '',
          ]
        : ['To see or change your details, or what you agreed to, contact us.', '']),
      'You can tell us to stop contacting you, or leave the panel, at any time.',
      '',
      footer(org),
    ].join('\n'),
  }
}

/** Sent instead of joining a second time, so that the page never reveals who is on the panel. */
export function alreadyJoinedEmail(org: Org, to: string, opts: { myRecordLink: string }): OutgoingMessage {
  return {
    to,
    subject: `You are already on the ${org.name} panel`,
    text: [
      'Someone, probably you, tried to join our panel with this email address.',
      '',
      'You are already on the panel, so we have not made a second record.',
      '',
      `To see or change your details, sign in at ${opts.myRecordLink} or contact us.`,
      '',
      'If it was not you, you do not need to do anything.',
      '',
      footer(org),
    ].join('\n'),
  }
}
