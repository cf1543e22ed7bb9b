import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { AuditAction } from '../domain/audit';
import { contextOf } from '../http/context';
import type { Problem } from '../errors/problem';
import type { List } from '../services/pagination';
import { listAuditEvents, type AuditEvent } from '../services/audit';

@Route('v1/audit_events')
@Tags('Audit events')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(403, 'The key lacks the `keys:manage` scope')
@Response<Problem>(429, 'Rate limited')
export class AuditEventsController extends Controller {
  /**
   * Who did what to the organization, newest first: API keys created and revoked, members invited,
   * removed or given another role, webhook endpoints created, changed, deleted or given a new
   * secret, sign-ins from a new device. Each entry names its actor (an API key, or a person with
   * their email), the target, the caller's IP address and user agent. The log is append-only (no
   * entry is ever changed or removed) and never holds a secret. A key sees the entries of its own
   * mode and the organization-wide ones (`livemode: null`). Needs `keys:manage`: the log shows
   * people's addresses, so it is for those who administer the organization.
   * @summary List audit events
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An audit event id: return the ones after it (the previous page's `next_cursor`).
   * @param action Only entries of this action.
   * @param actor Only entries made by this API key (`key_…`) or person (`user_…`).
   * @param target Only entries about this object (e.g. `key_…`, `we_…`).
   */
  @Get()
  @OperationId('auditEvents.list')
  @Example<List<AuditEvent>>({
    object: 'list',
    data: [
      {
        id: 'aud_01jhx7k3y0000000000000000b',
        object: 'audit_event',
        action: 'webhook_endpoint.secret_rotated',
        actor: { type: 'user', id: 'user_01jhx7k3y0000000000000000u', email: 'ana@example.com' },
        target: { type: 'webhook_endpoint', id: 'we_01jhx7k3y0000000000000000w' },
        ip: '203.0.113.7',
        user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)',
        data: { old_signing_ends_at: '2026-01-16T10:05:00.000Z' },
        livemode: true,
        created_at: '2026-01-15T10:05:00.000Z',
      },
      {
        id: 'aud_01jhx7k3y0000000000000000a',
        object: 'audit_event',
        action: 'api_key.created',
        actor: { type: 'api_key', id: 'key_01jhx7k3y0000000000000000a' },
        target: { type: 'api_key', id: 'key_01jhx7k3y0000000000000000c' },
        ip: '198.51.100.20',
        user_agent: 'lumiku-sdk-js/1.0.0 node/22.11.0',
        data: { name: 'zapier production', scopes: ['read', 'jobs:write'], credit_limit: 1000, credit_limit_period: 'month' },
        livemode: true,
        created_at: '2026-01-15T10:00:00.000Z',
      },
    ],
    has_more: false,
    next_cursor: null,
  })
  @Security('api_key', ['keys:manage'])
  @Response<Problem>(422, 'Invalid query')
  public async list(
    @Request() req: ExpressRequest,
    @Query() limit?: number,
    @Query() starting_after?: string,
    @Query() action?: AuditAction,
    @Query() actor?: string,
    @Query() target?: string,
  ): Promise<List<AuditEvent>> {
    return listAuditEvents(contextOf(req), { limit, starting_after, action, actor, target });
  }
}
