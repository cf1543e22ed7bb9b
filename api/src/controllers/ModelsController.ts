import type { Request as ExpressRequest } from 'express';
import { Controller, Example, Get, OperationId, Query, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { listAiModels, type AiModel } from '../services/ai-models';
import type { List } from '../services/pagination';

@Route('v1/models')
@Tags('Models')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class ModelsController extends Controller {
  /**
   * The AI models callers may name as `model` in avatar and pose generation requests, from the model
   * registry: the app each serves, its provider, capabilities, credit cost per image (the price's
   * base; see `GET /v1/prices` for surcharges) and the plan tier it needs. `available` says whether a
   * live key can use it on this deployment; test keys run every model on the offline test provider.
   * @summary List AI models
   * @param app Only models for this app.
   */
  @Get()
  @OperationId('models.list')
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Example<List<AiModel>>({
    object: 'list',
    data: [{ id: 'flux-schnell', object: 'model', app: 'avatar', provider: 'huggingface', capabilities: ['text_to_image'], credit_cost: 6, tier: 'free', available: true, description: 'FLUX.1 [schnell] on Hugging Face Inference: fast text-to-image.' }],
    has_more: false,
    next_cursor: null,
  })
  public async list(@Request() req: ExpressRequest, @Query() app?: 'avatar' | 'pose_generation'): Promise<List<AiModel>> {
    return listAiModels(contextOf(req), { app });
  }
}
