import type { ModuleManifest } from '../../platform/module.ts'
import { formRateLimit } from '../../platform/http/security.ts'
import * as acceptInvitation from './web/pages/accept-invitation/controller.ts'
import * as account from './web/pages/account/controller.ts'
import * as changePassword from './web/pages/change-password/controller.ts'
import * as emailLink from './web/pages/email-link/controller.ts'
import * as inviteUser from './web/pages/invite-user/controller.ts'
import * as signIn from './web/pages/sign-in/controller.ts'
import * as signOut from './web/pages/sign-out/controller.ts'
import * as useLink from './web/pages/use-link/controller.ts'
import * as userDetails from './web/pages/user-details/controller.ts'
import * as users from './web/pages/users/controller.ts'

export const ACCOUNTS_AUDIT_EVENTS = [
  'accounts.signed_in',
  'accounts.sign_in_failed',
  'accounts.locked',
  'accounts.sign_in_link_sent',
  'accounts.signed_out',
  'accounts.user_invited',
  'accounts.user_created',
  'accounts.invitation_accepted',
  'accounts.role_changed',
  'accounts.user_disabled',
  'accounts.user_enabled',
  'accounts.password_set',
  'accounts.password_changed',
  'accounts.account_erased',
] as const

/** Signing in and out, invitations, your account, and the admin's user management. */
export const accountsModule: ModuleManifest = {
  name: 'accounts',
  auditEvents: ACCOUNTS_AUDIT_EVENTS,
  nav: [
    { text: 'Users', href: '/users', permission: 'users:manage' },
    { text: 'Sign in', href: '/sign-in', permission: 'auth:sign_in', signedOut: true },
  ],
  routes(app, deps) {
    const signInLimit = formRateLimit(deps.config.auth.signInRatePerMinute)
    const sign = { permission: 'auth:sign_in' as const }
    app.get('/sign-in', { config: sign }, signIn.get(deps))
    app.post('/sign-in', { config: { ...sign, rateLimit: signInLimit } }, signIn.post(deps))
    app.get('/sign-in/email-link', { config: sign }, emailLink.get())
    app.post('/sign-in/email-link', { config: { ...sign, rateLimit: signInLimit } }, emailLink.post(deps))
    app.get('/sign-in/check-email', { config: sign }, emailLink.checkEmail(deps))
    app.get('/sign-in/link/:token', { config: sign }, useLink.get(deps))
    app.post('/sign-in/link/:token', { config: { ...sign, rateLimit: signInLimit } }, useLink.post(deps))
    app.get('/signed-out', { config: { permission: 'site:view' } }, signOut.signedOut())
    app.post('/sign-out', { config: { permission: 'account:sign_out' } }, signOut.post(deps))

    const invite = { permission: 'invitation:accept' as const }
    app.get('/invitation/:token', { config: invite }, acceptInvitation.get(deps))
    app.post('/invitation/:token', { config: { ...invite, rateLimit: signInLimit } }, acceptInvitation.post(deps))

    app.get('/account', { config: { permission: 'account:view' } }, account.get(deps))
    app.get('/account/password', { config: { permission: 'account:view' } }, changePassword.get(deps))
    app.post('/account/password', { config: { permission: 'account:view', rateLimit: signInLimit } }, changePassword.post(deps))

    const manage = { permission: 'users:manage' as const }
    app.get('/users', { config: manage }, users.get(deps))
    app.get('/users/invite', { config: manage }, inviteUser.get(deps))
    app.post('/users/invite', { config: manage }, inviteUser.post(deps))
    app.get('/users/:userId', { config: manage }, userDetails.get(deps))
    app.post('/users/:userId/role', { config: manage }, userDetails.postRole(deps))
    app.post('/users/:userId/status', { config: manage }, userDetails.postStatus(deps))
  },
}
