import { SCOPES, type Scope } from '../accounts/api-keys';

export const ROLES = ['owner', 'admin', 'developer', 'billing', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A role is a set of the scopes API keys carry: a signed-in member acts with exactly these.
 * Owners and admins hold every scope; what only an owner may do (grant or take away the owner
 * role, i.e. transfer ownership) is a rule of the members service, not a scope.
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  owner: SCOPES,
  admin: SCOPES,
  developer: ['read', 'jobs:write', 'files:write', 'webhooks:manage'],
  billing: ['read', 'billing'],
  viewer: ['read'],
};

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** Whether the caller's role may grant `role` or act on a member holding it (only owners touch owners). */
export const mayManageRole = (callerRole: Role | null, role: Role) => role !== 'owner' || callerRole === 'owner';
