import { findOrganization, updateOrganization as updateRow, type OrganizationRow } from '../domain/people/organizations';
import { isEmail, normalizeEmail } from '../domain/people/users';
import { invalidRequest, notFound, type FieldError } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { auditRequest } from './audit';
import { iso } from './pagination';

/** The organization's settings (the organization is the account: same `acct_` id, balance and keys). */
export interface Organization {
  /** @example "acct_01jhx7ac0000000000000000a1" */
  id: string;
  object: 'organization';
  /** @example "Acme Studio" */
  name: string;
  /** Where receipts and billing notices go. @example "billing@acme.test" */
  billing_email: string | null;
  created_at: string;
}

export interface UpdateOrganizationRequest {
  /**
   * @minLength 1 @maxLength 100
   * @example "Acme Studio"
   */
  name?: string;
  /** An email address, or null to clear it. @example "billing@acme.test" */
  billing_email?: string | null;
}

const present = (r: OrganizationRow): Organization => ({ id: r.id, object: 'organization', name: r.name, billing_email: r.email, created_at: iso(r.created_at)! });

/** Readable by every member (and every key with `read`). */
export async function getOrganization(ctx: RequestContext): Promise<Organization> {
  const row = await findOrganization(ctx.deps.db, ctx.principal.accountId);
  if (!row) throw notFound('organization');
  return present(row);
}

/** Owners and admins (`organization:manage`) change the name and the billing email. */
export async function updateOrganization(ctx: RequestContext, body: UpdateOrganizationRequest): Promise<Organization> {
  const errors: FieldError[] = [];
  const name = body.name?.trim();
  if (body.name !== undefined && !name) errors.push({ path: 'name', message: 'must not be blank' });
  const billingEmail = body.billing_email === undefined || body.billing_email === null ? body.billing_email : normalizeEmail(body.billing_email);
  if (billingEmail && !isEmail(billingEmail)) errors.push({ path: 'billing_email', message: 'must be an email address like billing@example.com' });
  if (errors.length) throw invalidRequest(`Invalid organization settings: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, errors);
  const { db } = ctx.deps;
  const row = await db.transaction(async (t) => {
    const before = await findOrganization(db, ctx.principal.accountId, t);
    if (!before) throw notFound('organization');
    const after = await updateRow(db, ctx.principal.accountId, { name, email: billingEmail }, t);
    const changed = [...(name !== undefined && name !== before.name ? ['name'] : []), ...(billingEmail !== undefined && billingEmail !== before.email ? ['billing_email'] : [])];
    if (changed.length) await auditRequest(ctx, { action: 'organization.updated', livemode: null, target: { type: 'organization', id: before.id }, data: { changed, name: after!.name } }, t);
    return after!;
  });
  return present(row);
}
