import type { Transaction } from 'sequelize';
import { actorOf, recordAudit, type AuditInput } from '../domain/audit';
import type { RequestContext } from '../request-context';

/**
 * Records what the caller of this request did: account, mode, actor (key or person), IP and user
 * agent come from the request; the action, target and details from the caller. Pass the
 * transaction that makes the change. `livemode: null` marks an organization-wide action.
 */
export async function auditRequest(ctx: RequestContext, entry: Pick<AuditInput, 'action' | 'target' | 'data'> & { livemode?: boolean | null }, t?: Transaction) {
  return recordAudit(
    ctx.deps.db,
    {
      accountId: ctx.principal.accountId,
      livemode: entry.livemode === undefined ? ctx.principal.livemode : entry.livemode,
      actor: actorOf(ctx.principal),
      action: entry.action,
      target: entry.target,
      ip: ctx.ip ?? null,
      userAgent: ctx.userAgent ?? null,
      data: entry.data,
    },
    t,
  );
}
