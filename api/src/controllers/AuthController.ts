import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Get, OperationId, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { authContextOf, optionalSession } from '../http/auth-context';
import { clearSessionCookie, setSessionCookie } from '../http/session-cookie';
import type { AppDeps } from '../deps';
import {
  confirmPasswordReset,
  currentSession,
  login,
  logout,
  requestPasswordReset,
  signup,
  verifyEmail,
  type AuthSession,
  type EmailVerification,
  type LoginRequest,
  type LogoutResult,
  type PasswordResetAccepted,
  type PasswordResetConfirmRequest,
  type PasswordResetDone,
  type PasswordResetRequest,
  type SignupAccepted,
  type SignupRequest,
  type TokenRequest,
} from '../services/auth';
import { acceptInvitation, type AcceptInvitationRequest } from '../services/invitations';

const SESSION_EXAMPLE: AuthSession = {
  object: 'session',
  user: { id: 'user_01jhx7us000000000000000001', object: 'user', email: 'ada@example.com', name: 'Ada Lovelace', email_verified: true, created_at: '2026-01-15T10:00:00.000Z' },
  organizations: [{ id: 'acct_01jhx7ac0000000000000000a1', object: 'organization', name: 'Analytical Engines', role: 'owner' }],
  csrf_token: 'mZ2c1Qe9vYk3Lr7TsX0bWn5HdJ8uFa4PgC6oEi1RzK',
  expires_at: '2026-02-14T10:00:00.000Z',
};

const configOf = (req: ExpressRequest) => (req.app.locals.deps as AppDeps).config;

/**
 * Sign-up, sign-in and the signed-in person's session, for the dashboard. Outside /v1: the
 * dashboard then calls /v1 with the session cookie, `Lumiku-Organization`, `Lumiku-Mode` and
 * `Lumiku-CSRF-Token`.
 */
@Route('auth')
@Tags('auth')
@Response<Problem>(429, 'Too many attempts from this address (or, for sign-in, failures for this email)')
export class AuthController extends Controller {
  /**
   * Creates an account: the person, an organization they own, its test API key, and sends a
   * verification email whose link shows that key once. The answer is the same whether or not the
   * address already has an account (then the email says so, with sign-in and reset links, and
   * nothing is changed), so it tells no one which addresses are registered.
   * @example body {"email": "ada@example.com", "password": "correct horse battery staple", "name": "Ada Lovelace", "organization_name": "Analytical Engines"}
   * @summary Sign up
   */
  @Post('signup')
  @OperationId('auth.signup')
  @Example<SignupAccepted>({ object: 'signup', email: 'ada@example.com', message: 'Check your inbox: we sent a message to ada@example.com with what to do next.' })
  @SuccessResponse(202, 'Accepted: check the inbox')
  @Response<Problem>(422, 'Invalid fields: an email that is not one, a password shorter than 10 characters or among the most common')
  public async signup(@Request() req: ExpressRequest, @Body() body: SignupRequest): Promise<SignupAccepted> {
    const out = await signup(authContextOf(req), body);
    this.setStatus(202);
    return out;
  }

  /**
   * Signs in with email and password and sets the session cookie (`HttpOnly`, `SameSite=Lax`,
   * `Secure` in production); a session the request already had ends (the session is rotated). The
   * answer carries the CSRF token to send as `Lumiku-CSRF-Token` on unsafe requests. A wrong
   * password and an unknown email get the same 401 `invalid_credentials`, in the same time.
   * Failed attempts per email and attempts per client address are limited (429 with Retry-After).
   * @example body {"email": "ada@example.com", "password": "correct horse battery staple"}
   * @summary Sign in
   */
  @Post('login')
  @OperationId('auth.login')
  @Example<AuthSession>(SESSION_EXAMPLE)
  @Response<Problem>(401, '`invalid_credentials`: the email or password is wrong')
  @Response<Problem>(422, 'Invalid fields')
  public async login(@Request() req: ExpressRequest, @Body() body: LoginRequest): Promise<AuthSession> {
    await optionalSession(req, { csrf: false });
    const out = await login(authContextOf(req), body);
    setSessionCookie(req.res!, configOf(req), out.token, out.expiresAt);
    return out.session;
  }

  /**
   * The signed-in person, their organizations (with their role in each) and the session's CSRF
   * token. The dashboard reads it on load.
   * @summary Retrieve the session
   */
  @Get('session')
  @OperationId('auth.session')
  @Example<AuthSession>(SESSION_EXAMPLE)
  @Security('session')
  @Response<Problem>(401, '`invalid_session`: not signed in, or the session ended')
  public async session(@Request() req: ExpressRequest): Promise<AuthSession> {
    return currentSession({ ...authContextOf(req), session: req.authSession! });
  }

  /**
   * Ends the session and clears its cookie; with `everywhere=true`, every session of the person
   * (every browser) ends. Needs `Lumiku-CSRF-Token`.
   * @summary Sign out
   * @param everywhere End every session of the person, not only this one.
   */
  @Post('logout')
  @OperationId('auth.logout')
  @Example<LogoutResult>({ object: 'logout', sessions_ended: 1 })
  @Security('session')
  @Response<Problem>(401, '`invalid_session`: not signed in, or the session ended')
  @Response<Problem>(403, '`csrf_failed`: the Lumiku-CSRF-Token header is missing or wrong')
  public async logout(@Request() req: ExpressRequest, @Query() everywhere?: boolean): Promise<LogoutResult> {
    const out = await logout({ ...authContextOf(req), session: req.authSession! }, everywhere === true);
    clearSessionCookie(req.res!, configOf(req));
    return out;
  }

  /**
   * Confirms the email address with the token of the verification email (valid 72 hours, once).
   * The first confirmation after sign-up answers the organization's test API key, once. Live mode
   * with a session needs a confirmed address.
   * @example body {"token": "q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo"}
   * @summary Verify an email address
   */
  @Post('verify_email')
  @OperationId('auth.verifyEmail')
  @Example<EmailVerification>({ object: 'email_verification', email: 'ada@example.com', verified: true, test_api_key: { id: 'key_01jhx7k3y0000000000000000a', secret: 'lk_test_4eC39HqLyjWDarjtT1zdp7dc' } })
  @Response<Problem>(400, '`link_invalid`: not a link we issued')
  @Response<Problem>(410, '`link_expired` or `link_used`')
  @Response<Problem>(422, 'Invalid fields')
  public async verifyEmail(@Request() req: ExpressRequest, @Body() body: TokenRequest): Promise<EmailVerification> {
    await optionalSession(req, { csrf: false });
    const out = await verifyEmail(authContextOf(req), body);
    if (out.rotated) setSessionCookie(req.res!, configOf(req), out.rotated.token, out.rotated.expiresAt);
    return out.verification;
  }

  /**
   * Emails a link to choose a new password (valid 1 hour, once) when the address has an account.
   * The answer is the same either way.
   * @example body {"email": "ada@example.com"}
   * @summary Request a password reset
   */
  @Post('password_reset')
  @OperationId('auth.passwordReset')
  @Example<PasswordResetAccepted>({ object: 'password_reset', email: 'ada@example.com', message: 'If ada@example.com has an account, we sent it a link to choose a new password.' })
  @SuccessResponse(202, 'Accepted: check the inbox')
  @Response<Problem>(422, 'Invalid fields')
  public async passwordReset(@Request() req: ExpressRequest, @Body() body: PasswordResetRequest): Promise<PasswordResetAccepted> {
    const out = await requestPasswordReset(authContextOf(req), body);
    this.setStatus(202);
    return out;
  }

  /**
   * Sets the new password with the token of the reset email. It confirms the email address too,
   * and ends every session of the account: sign in again with the new password.
   * @example body {"token": "q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo", "password": "a much better passphrase"}
   * @summary Choose a new password
   */
  @Post('password_reset/confirm')
  @OperationId('auth.passwordResetConfirm')
  @Example<PasswordResetDone>({ object: 'password_reset', email: 'ada@example.com', sessions_ended: true })
  @Response<Problem>(400, '`link_invalid`: not a link we issued')
  @Response<Problem>(410, '`link_expired` or `link_used`')
  @Response<Problem>(422, 'Invalid fields: a password shorter than 10 characters or among the most common')
  public async passwordResetConfirm(@Request() req: ExpressRequest, @Body() body: PasswordResetConfirmRequest): Promise<PasswordResetDone> {
    return confirmPasswordReset(authContextOf(req), body);
  }

  /**
   * Accepts an invitation with the token of its email (valid 7 days, once) and signs in. Without an
   * account, send `name` and `password` (an account is made with the invited address). With one,
   * be signed in as the invited address (send the session cookie and `Lumiku-CSRF-Token`).
   * @example body {"token": "q3Xb7v0k2mJ9c1r8Zt5wNf4yHs6Ld0aPe2Gu7Ki9Bo", "name": "Grace Hopper", "password": "nanoseconds are a foot long"}
   * @summary Accept an invitation
   */
  @Post('invitations/accept')
  @OperationId('auth.acceptInvitation')
  @Example<AuthSession>(SESSION_EXAMPLE)
  @Response<Problem>(400, '`link_invalid`: not a link we issued, or a revoked invitation')
  @Response<Problem>(401, '`invalid_session`: the address has an account: sign in first')
  @Response<Problem>(403, '`invitation_email_mismatch` (signed in as another address) or `csrf_failed`')
  @Response<Problem>(409, '`already_member`')
  @Response<Problem>(410, '`link_expired` or `link_used`')
  @Response<Problem>(422, 'Invalid fields: the name or password a new account needs')
  public async acceptInvitation(@Request() req: ExpressRequest, @Body() body: AcceptInvitationRequest): Promise<AuthSession> {
    await optionalSession(req, { csrf: true });
    const out = await acceptInvitation(authContextOf(req), body);
    setSessionCookie(req.res!, configOf(req), out.token, out.expiresAt);
    return out.session;
  }
}
