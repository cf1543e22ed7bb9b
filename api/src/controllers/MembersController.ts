import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, OperationId, Patch, Path, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import type { List } from '../services/pagination';
import { getMember, listMembers, removeMember, updateMember, type DeletedMember, type Member, type UpdateMemberRequest } from '../services/members';

const MEMBER: Member = {
  id: 'mem_01jhx7mb000000000000000001',
  object: 'member',
  user_id: 'user_01jhx7us000000000000000001',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  role: 'developer',
  email_verified: true,
  created_at: '2026-01-15T10:00:00.000Z',
};
const MEMBER_ADMIN: Member = {
  id: 'mem_01jhx7mb000000000000000001',
  object: 'member',
  user_id: 'user_01jhx7us000000000000000001',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  role: 'admin',
  email_verified: true,
  created_at: '2026-01-15T10:00:00.000Z',
};

/**
 * The people of the organization and their roles. A role is a set of scopes: viewer `read`;
 * developer `read`, `jobs:write`, `files:write`, `webhooks:manage`; billing `read`, `billing`;
 * admin and owner every scope (only an owner grants or takes away `owner`). People join through
 * invitations (`POST /v1/invitations`), never without their consent, so there is no create here.
 */
@Route('v1/members')
@Tags('Members')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class MembersController extends Controller {
  /**
   * Members of the organization, newest first.
   * @summary List members
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A member id: return the members after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('members.list')
  @Example<List<Member>>({ object: 'list', data: [MEMBER], has_more: false, next_cursor: null })
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<Member>> {
    return listMembers(contextOf(req), limit, starting_after);
  }

  /**
   * One member of the organization.
   * @summary Retrieve a member
   */
  @Get('{id}')
  @OperationId('members.retrieve')
  @Example<Member>(MEMBER)
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  @Response<Problem>(404, 'No such member in this organization')
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<Member> {
    return getMember(contextOf(req), id);
  }

  /**
   * Changes a member's role; it counts from the member's next request. Only an owner grants or
   * takes away `owner` (403 `owner_required`); the organization's last owner cannot be demoted
   * (409 `last_owner`).
   * @example body {"role": "admin"}
   * @summary Change a member's role
   */
  @Patch('{id}')
  @OperationId('members.update')
  @Example<Member>(MEMBER_ADMIN)
  @Security('api_key', ['members:manage'])
  @Response<Problem>(403, '`insufficient_scope`, or `owner_required`: only an owner changes an owner\'s role or makes an owner')
  @Response<Problem>(404, 'No such member in this organization')
  @Response<Problem>(409, '`last_owner`: the organization would have no owner')
  @Response<Problem>(422, 'Invalid fields')
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateMemberRequest): Promise<Member> {
    return updateMember(contextOf(req), id, body);
  }

  /**
   * Removes a member. Their sessions lose the organization at once (their next request with it is a
   * 404); someone left in no organization is signed out everywhere. Only an owner removes an owner;
   * the last owner cannot be removed (409 `last_owner`).
   * @summary Remove a member
   */
  @Delete('{id}')
  @OperationId('members.remove')
  @Example<DeletedMember>({ id: 'mem_01jhx7mb000000000000000001', object: 'member', deleted: true })
  @Security('api_key', ['members:manage'])
  @Response<Problem>(403, '`insufficient_scope`, or `owner_required`: only an owner removes an owner')
  @Response<Problem>(404, 'No such member in this organization')
  @Response<Problem>(409, '`last_owner`: the organization would have no owner')
  public async remove(@Request() req: ExpressRequest, @Path() id: string): Promise<DeletedMember> {
    return removeMember(contextOf(req), id);
  }
}
