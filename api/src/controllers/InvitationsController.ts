import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, Header, OperationId, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import type { List } from '../services/pagination';
import { createInvitation, listInvitations, revokeInvitation, type CreateInvitationRequest, type Invitation } from '../services/invitations';

const INVITATION: Invitation = {
  id: 'inv_01jhx7iv000000000000000001',
  object: 'invitation',
  email: 'grace@example.com',
  role: 'developer',
  status: 'pending',
  invited_by: 'user_01jhx7us000000000000000001',
  expires_at: '2026-01-22T10:00:00.000Z',
  accepted_at: null,
  created_at: '2026-01-15T10:00:00.000Z',
};
const INVITATION_REVOKED: Invitation = {
  id: 'inv_01jhx7iv000000000000000001',
  object: 'invitation',
  email: 'grace@example.com',
  role: 'developer',
  status: 'revoked',
  invited_by: 'user_01jhx7us000000000000000001',
  expires_at: '2026-01-22T10:00:00.000Z',
  accepted_at: null,
  created_at: '2026-01-15T10:00:00.000Z',
};

/**
 * Invitations to join the organization: an email with a link that works once, for 7 days; the
 * person accepts with `POST /auth/invitations/accept`.
 */
@Route('v1/invitations')
@Tags('Invitations')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class InvitationsController extends Controller {
  /**
   * Invites an email address as a role and sends it the link (the link is only in the email). A
   * newer invitation of the same address replaces a pending one. Only an owner invites an owner.
   * @example body {"email": "grace@example.com", "role": "developer"}
   * @summary Invite a member
   * @param idempotencyKey Makes retries safe: the same key and body return the first response.
   */
  @Post()
  @OperationId('invitations.create')
  @Example<Invitation>(INVITATION)
  @Security('api_key', ['members:manage'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(403, '`insufficient_scope`, or `owner_required`: only an owner invites an owner')
  @Response<Problem>(409, '`already_member`, or Idempotency-Key reused with a different body')
  @Response<Problem>(422, 'Invalid fields')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateInvitationRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<Invitation> {
    void idempotencyKey;
    const invitation = await createInvitation(contextOf(req), body);
    this.setStatus(201);
    return invitation;
  }

  /**
   * The organization's invitations, newest first, whatever their status (pending, accepted,
   * revoked, expired).
   * @summary List invitations
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An invitation id: return the invitations after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('invitations.list')
  @Example<List<Invitation>>({ object: 'list', data: [INVITATION], has_more: false, next_cursor: null })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<Invitation>> {
    return listInvitations(contextOf(req), limit, starting_after);
  }

  /**
   * Revokes a pending invitation: its link stops working. Revoking twice, or an accepted
   * invitation, changes nothing.
   * @summary Revoke an invitation
   */
  @Delete('{id}')
  @OperationId('invitations.revoke')
  @Example<Invitation>(INVITATION_REVOKED)
  @Security('api_key', ['members:manage'])
  @Response<Problem>(403, '`insufficient_scope`, or `owner_required`: only an owner revokes an owner\'s invitation')
  @Response<Problem>(404, 'No such invitation in this organization')
  public async revoke(@Request() req: ExpressRequest, @Path() id: string): Promise<Invitation> {
    return revokeInvitation(contextOf(req), id);
  }
}
