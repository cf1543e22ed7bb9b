import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Get, OperationId, Patch, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { getOrganization, updateOrganization, type Organization, type UpdateOrganizationRequest } from '../services/organization';

const ORGANIZATION: Organization = { id: 'acct_01jhx7ac0000000000000000a1', object: 'organization', name: 'Acme Studio', billing_email: 'billing@acme.test', created_at: '2026-01-15T10:00:00.000Z' };

/**
 * The organization's settings. The organization is the account (`GET /v1/account` has its money:
 * balance and plan); these are its name and billing email, readable by every member, changed by
 * owners and admins.
 */
@Route('v1/organization')
@Tags('Organization')
@Response<Problem>(401, 'Missing, unknown or revoked API key, or no valid session')
@Response<Problem>(429, 'Rate limited')
export class OrganizationController extends Controller {
  /**
   * The organization's name and billing email.
   * @summary Retrieve the organization
   */
  @Get()
  @OperationId('organization.retrieve')
  @Example<Organization>(ORGANIZATION)
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The caller lacks the `read` scope')
  public async retrieve(@Request() req: ExpressRequest): Promise<Organization> {
    return getOrganization(contextOf(req));
  }

  /**
   * Changes the name and/or the billing email (null clears it). Owners and admins
   * (`organization:manage`).
   * @example body {"name": "Acme Studio", "billing_email": "billing@acme.test"}
   * @summary Update the organization
   */
  @Patch()
  @OperationId('organization.update')
  @Example<Organization>(ORGANIZATION)
  @Security('api_key', ['organization:manage'])
  @Response<Problem>(403, 'The caller lacks the `organization:manage` scope')
  @Response<Problem>(422, 'Invalid fields')
  public async update(@Request() req: ExpressRequest, @Body() body: UpdateOrganizationRequest): Promise<Organization> {
    return updateOrganization(contextOf(req), body);
  }
}
