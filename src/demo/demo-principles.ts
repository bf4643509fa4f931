import type { AddPrincipleInput } from '../modules/charter/index.ts'

/**
 * The principles of the (fictional) Northshire Social Security Act 2025, in our own plain English. They follow
 * the spirit of the principles in section 1 of the Social Security (Scotland) Act 2018, but are not its words.
 */
const ACT = 'Northshire Social Security Act 2025 (fictional), section 1'

export const DEMO_PRINCIPLES: readonly AddPrincipleInput[] = [
  {
    title: 'Support is an investment in people',
    body:
      'Money spent on social security is an investment in the people of Northshire and in our shared future. It is not a cost to be kept as low as possible.\n\n' +
      'Every payment we make should help someone live well, look after their family and take part in their community.',
    sourceReference: `${ACT}(a)`,
  },
  {
    title: 'Social security is a human right',
    body:
      'Getting help from social security when you need it is a human right. It also helps you enjoy your other rights, like a safe home, enough food and good health.\n\n' +
      'Anyone can apply, and everyone who does is treated fairly.',
    sourceReference: `${ACT}(b)`,
  },
  {
    title: 'A public service for everyone',
    body: 'Social security is a public service. It is run for the public and answers to the public. The people who use it are not a burden: they are the people we are here to serve.',
    sourceReference: `${ACT}(c)`,
  },
  {
    title: 'Dignity comes first',
    body:
      'We treat every person with dignity and respect. We listen, we believe what people tell us about their lives, and we never make anyone feel ashamed for asking for support.\n\n' +
      'Respect for dignity shapes every letter we write, every call we take and every decision we make.',
    sourceReference: `${ACT}(d)`,
  },
  {
    title: 'Helping to reduce poverty',
    body:
      'Our service has a part to play in reducing poverty in Northshire. We make sure people get all the money they are entitled to, paid on time.\n\n' +
      'We work with other services to tackle the causes of hardship, not only its effects.',
    sourceReference: `${ACT}(e)`,
  },
  {
    title: 'Designed with the people who use it',
    body: 'We design the service together with the people who use it, and we base our decisions on evidence. People with lived experience help decide what the service looks like and how it changes.',
    sourceReference: `${ACT}(f)`,
  },
  {
    title: 'Always improving, with your needs first',
    body:
      'We keep looking for ways to get better. Every change we make puts the needs of the people who use the service first.\n\n' +
      'When we improve the service, we make sure it is fairer for everyone and treats no one less well because of who they are.',
    sourceReference: `${ACT}(g)`,
  },
  {
    title: 'Careful with public money',
    body: 'We run the service efficiently and make good use of public money, so that as much of it as possible reaches the people it is meant for.',
    sourceReference: `${ACT}(h)`,
  },
]
