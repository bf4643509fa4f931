import type { OutgoingMessage } from '../../../platform/mail/mailer.ts'
import { formatDateTime } from '../../../platform/views/nunjucks.ts'

interface Org {
  name: string
  serviceName: string
  contactEmail: string
  contactPhone: string
}

function footer(org: Org): string {
  return `If you need help, or you did not expect this email, contact us:\nemail ${org.contactEmail}\nphone ${org.contactPhone}\n\n${org.name}`
}

export function signInLinkEmail(org: Org, to: string, link: string, expiresAt: Date): OutgoingMessage {
  return {
    to,
    subject: `Your sign-in link for ${org.serviceName}`,
    text: [
      `Use this link to sign in to ${org.serviceName}:`,
      '',
      link,
      '',
      `The link works once and stops working at ${formatDateTime(expiresAt)}.`,
      'If it has stopped working, you can ask for a new one on the sign-in page.',
      '',
      'Do not share this link with anyone.',
      '',
      footer(org),
    ].join('\n'),
  }
}

export function invitationEmail(org: Org, to: string, name: string, roleLabel: string, link: string, expiresAt: Date): OutgoingMessage {
  return {
    to,
    subject: `You have been invited to ${org.serviceName}`,
    text: [
      `Dear ${name},`,
      '',
      `${org.name} has invited you to ${org.serviceName} as: ${roleLabel}.`,
      '',
      'To accept, open this link:',
      '',
      link,
      '',
      `The invitation stops working at ${formatDateTime(expiresAt)}.`,
      '',
      footer(org),
    ].join('\n'),
  }
}
