import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, Header, OperationId, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import { contextOf } from '../http/context';
import type { Problem } from '../errors/problem';
import type { List } from '../services/pagination';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey, type ApiKey, type ApiKeyWithSecret, type ApiKeyWithUsage, type CreateApiKeyRequest } from '../services/api-keys';

@Route('v1/api_keys')
@Tags('API keys')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(403, 'The key lacks the `keys:manage` scope')
@Response<Problem>(429, 'Rate limited')
export class ApiKeysController extends Controller {
  /**
   * Creates a key in the same mode as the calling key, with scopes and a credit quota within the
   * calling key's (403 `insufficient_scope` or `api_key_exceeds_caller` otherwise). The `secret` is
   * returned only here; it is stored as a hash and can never be shown again: a replay of this
   * request (same `Idempotency-Key`) answers the key without it, with `secret_redacted: true`.
   * @example body {"name": "ci", "scopes": ["read", "jobs:write"], "credit_limit": 1000, "credit_limit_period": "month"}
   * @summary Create an API key
   * @param idempotencyKey Makes retries safe: the same key and body return the first response.
   */
  @Post()
  @OperationId('apiKeys.create')
  @Example<ApiKeyWithSecret>({
    id: 'key_01jhx7k3y0000000000000000a',
    object: 'api_key',
    name: 'ci',
    livemode: false,
    redacted_key: 'lk_test_…x7Qa',
    scopes: ['read', 'jobs:write'],
    credit_limit: 1000,
    credit_limit_period: 'month',
    credit_used: 0,
    last_used_at: null,
    revoked: false,
    revoked_at: null,
    created_at: '2026-01-15T10:00:00.000Z',
    secret: 'lk_test_4f1c0d9a8b7e6f5a4b3c2d1e0f9a8b7c',
  })
  @Security('api_key', ['keys:manage'])
  @SuccessResponse(201, 'Created')
  @Response<Problem>(403, '`insufficient_scope`, or `api_key_exceeds_caller`: scopes or quota beyond the calling key\'s')
  @Response<Problem>(409, 'Idempotency-Key reused with a different body')
  @Response<Problem>(422, 'Invalid fields')
  public async create(@Request() req: ExpressRequest, @Body() body: CreateApiKeyRequest, @Header('Idempotency-Key') idempotencyKey?: string): Promise<ApiKeyWithSecret> {
    void idempotencyKey;
    const key = await createApiKey(contextOf(req), body);
    this.setStatus(201);
    this.setHeader('Location', `/v1/api_keys/${key.id}`);
    return key;
  }

  /**
   * Keys of the calling key's mode, newest first, revoked ones included: a test key lists test keys
   * only, a live key live keys only.
   * @summary List API keys
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after A key id: return the keys after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('apiKeys.list')
  @Example<List<ApiKey>>({ object: 'list', data: [{
    id: 'key_01jhx7k3y0000000000000000a',
    object: 'api_key',
    name: 'ci',
    livemode: false,
    redacted_key: 'lk_test_…x7Qa',
    scopes: ['read', 'jobs:write'],
    credit_limit: 1000,
    credit_limit_period: 'month',
    credit_used: 0,
    last_used_at: null,
    revoked: false,
    revoked_at: null,
    created_at: '2026-01-15T10:00:00.000Z',
  }], has_more: false, next_cursor: null })
  @Security('api_key', ['keys:manage'])
  @Response<Problem>(422, 'Invalid query')
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<ApiKey>> {
    return listApiKeys(contextOf(req), limit, starting_after);
  }

  /**
   * One key of the calling key's mode, revoked or not. The secret is never shown again; `redacted_key`
   * identifies it. `usage` says what the key has drawn in its current quota window (charged, plus
   * held for its running jobs), what remains and when the window resets; for a key without a quota,
   * what it has drawn this UTC calendar month. Test keys draw nothing (test jobs are free).
   * @summary Retrieve an API key
   */
  @Get('{id}')
  @OperationId('apiKeys.retrieve')
  @Example<ApiKeyWithUsage>({
    id: 'key_01jhx7k3y0000000000000000a',
    object: 'api_key',
    name: 'ci',
    livemode: false,
    redacted_key: 'lk_test_…x7Qa',
    scopes: ['read', 'jobs:write'],
    credit_limit: 1000,
    credit_limit_period: 'month',
    credit_used: 240,
    last_used_at: '2026-01-15T11:02:00.000Z',
    revoked: false,
    revoked_at: null,
    created_at: '2026-01-15T10:00:00.000Z',
    usage: { period: 'month', period_start: '2026-01-01T00:00:00.000Z', credits_used: 240, credit_limit: 1000, remaining: 760, resets_at: '2026-02-01T00:00:00.000Z' },
  })
  @Security('api_key', ['keys:manage'])
  @Response<Problem>(404, 'No such key in this account and mode')
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string): Promise<ApiKeyWithUsage> {
    return getApiKey(contextOf(req), id);
  }

  /**
   * Revokes the key at once; requests with it fail with `api_key_revoked`. Revoking is final and
   * repeating it is harmless. A key may revoke only keys whose scopes and credit quota are within
   * its own (403 `api_key_exceeds_caller` otherwise).
   * @summary Revoke an API key
   */
  @Delete('{id}')
  @OperationId('apiKeys.revoke')
  @Example<ApiKey>({
    id: 'key_01jhx7k3y0000000000000000a',
    object: 'api_key',
    name: 'ci',
    livemode: false,
    redacted_key: 'lk_test_…x7Qa',
    scopes: ['read', 'jobs:write'],
    credit_limit: 1000,
    credit_limit_period: 'month',
    credit_used: 0,
    last_used_at: null,
    revoked: true,
    revoked_at: '2026-01-15T10:00:42.000Z',
    created_at: '2026-01-15T10:00:00.000Z',
  })
  @Security('api_key', ['keys:manage'])
  @Response<Problem>(403, '`insufficient_scope`, or `api_key_exceeds_caller`: the key holds more than the calling key')
  @Response<Problem>(404, 'No such key in this account and mode')
  public async revoke(@Request() req: ExpressRequest, @Path() id: string): Promise<ApiKey> {
    return revokeApiKey(contextOf(req), id);
  }
}
