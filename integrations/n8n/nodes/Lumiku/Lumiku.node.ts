import { NodeConnectionTypes, NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { SPEC } from '../../generated/spec';
import type { ConnectorApp } from '../spec-types';
import { lumikuList, lumikuRequest, testLumikuCredentials } from '../transport';
import { fieldParameter, nodeProperties, optionsParameter } from './descriptions';

const TERMINAL = ['succeeded', 'failed', 'canceled'];

/** The create request of an app from the node's parameters (JSON fields parsed, empty optional fields left out). */
export function createBody(ctx: IExecuteFunctions, app: ConnectorApp, i: number): IDataObject {
  const body: IDataObject = {};
  const options = ctx.getNodeParameter(optionsParameter(app), i, {}) as IDataObject;
  for (const field of app.fields) {
    let value = field.required ? ctx.getNodeParameter(fieldParameter(app, field), i) : options[field.name];
    if (value === undefined || value === '') continue;
    if (field.type === 'json' && typeof value === 'string') {
      try {
        value = JSON.parse(value);
      } catch {
        throw new NodeOperationError(ctx.getNode(), `${field.label} is not valid JSON`, { itemIndex: i, description: `Example: ${JSON.stringify(field.example ?? [])}` });
      }
    }
    body[field.name] = value as IDataObject[keyof IDataObject];
  }
  return body;
}

/** A failed or canceled job as the step's error: the job's error.code and error.message. */
function assertSucceeded(ctx: IExecuteFunctions, job: IDataObject, i: number) {
  if (job.status === 'succeeded') return;
  const error = (job.error ?? {}) as IDataObject;
  const message = job.status === 'failed' ? `${error.code ?? 'failed'}: ${error.message ?? 'the job failed'}` : `The job was ${job.status}`;
  throw new NodeOperationError(ctx.getNode(), message, { itemIndex: i, description: `Job ${job.id} (${job.object}) ended ${job.status}.` });
}

/** Holds on GET /v1/jobs/{id}?wait= until the job is terminal or `timeout` seconds passed. */
export async function waitForJob(ctx: IExecuteFunctions, id: string, timeoutSeconds: number): Promise<IDataObject> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    const job = (await lumikuRequest.call(ctx, 'GET', `/v1/jobs/${encodeURIComponent(id)}`, { qs: { wait: Math.min(60, left) } })).body as IDataObject;
    if (TERMINAL.includes(String(job.status))) return job;
    if (Date.now() >= deadline) throw new NodeOperationError(ctx.getNode(), `The job ${id} did not finish in ${timeoutSeconds} s (it is ${job.status}; it goes on)`);
  }
}

async function runApp(ctx: IExecuteFunctions, app: ConnectorApp, operation: string, i: number): Promise<IDataObject | IDataObject[]> {
  const base = `/v1/${app.path}`;
  switch (operation) {
    case 'create':
      return (await lumikuRequest.call(ctx, 'POST', base, { body: createBody(ctx, app, i) })).body;
    case 'createAndWait': {
      const created = (await lumikuRequest.call(ctx, 'POST', base, { body: createBody(ctx, app, i) })).body as IDataObject;
      const job = TERMINAL.includes(String(created.status)) ? created : await waitForJob(ctx, String(created.id), ctx.getNodeParameter('timeout', i, 600) as number);
      assertSucceeded(ctx, job, i);
      return job;
    }
    case 'get': {
      const wait = ctx.getNodeParameter('wait', i, 0) as number;
      return (await lumikuRequest.call(ctx, 'GET', `${base}/${encodeURIComponent(ctx.getNodeParameter('jobId', i) as string)}`, { qs: wait ? { wait } : undefined })).body;
    }
    case 'list':
      return listWith(ctx, base, i, ctx.getNodeParameter('filters', i, {}) as IDataObject, ['status', 'external_id']);
    case 'cancel':
      return (await lumikuRequest.call(ctx, 'POST', `${base}/${encodeURIComponent(ctx.getNodeParameter('jobId', i) as string)}/cancel`)).body;
  }
  throw new NodeOperationError(ctx.getNode(), `Unknown operation ${operation}`, { itemIndex: i });
}

async function listWith(ctx: IExecuteFunctions, path: string, i: number, filters: IDataObject, allowed: string[]) {
  const qs: IDataObject = {};
  for (const key of allowed) if (filters[key] !== undefined && filters[key] !== '') qs[key] = filters[key];
  const returnAll = ctx.getNodeParameter('returnAll', i, false) as boolean;
  return lumikuList.call(ctx, path, qs, returnAll ? 0 : (ctx.getNodeParameter('limit', i, 50) as number));
}

async function runFile(ctx: IExecuteFunctions, operation: string, i: number, item: INodeExecutionData): Promise<INodeExecutionData> {
  switch (operation) {
    case 'upload': {
      const property = ctx.getNodeParameter('binaryPropertyName', i) as string;
      const binary = ctx.helpers.assertBinaryData(i, property);
      const bytes = await ctx.helpers.getBinaryDataBuffer(i, property);
      const filename = (ctx.getNodeParameter('filename', i, '') as string) || binary.fileName || 'upload';
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: binary.mimeType || 'application/octet-stream' }), filename);
      return { json: (await lumikuRequest.call(ctx, 'POST', '/v1/files', { body: form })).body, pairedItem: { item: i } };
    }
    case 'import': {
      const filename = ctx.getNodeParameter('filename', i, '') as string;
      const body = { url: ctx.getNodeParameter('url', i) as string, ...(filename ? { filename } : {}) };
      return { json: (await lumikuRequest.call(ctx, 'POST', '/v1/files', { body })).body, pairedItem: { item: i } };
    }
    case 'download': {
      const id = ctx.getNodeParameter('fileId', i) as string;
      const file = (await lumikuRequest.call(ctx, 'GET', `/v1/files/${encodeURIComponent(id)}`)).body as IDataObject;
      const content = await lumikuRequest.call(ctx, 'GET', `/v1/files/${encodeURIComponent(id)}/content`, { binary: true });
      const property = ctx.getNodeParameter('outputBinaryPropertyName', i, 'data') as string;
      const data = await ctx.helpers.prepareBinaryData(Buffer.from(content.body as ArrayBuffer), String(file.filename ?? id), String(file.content_type ?? 'application/octet-stream'));
      return { json: file, binary: { ...(item.binary ?? {}), [property]: data }, pairedItem: { item: i } };
    }
    case 'get':
      return { json: (await lumikuRequest.call(ctx, 'GET', `/v1/files/${encodeURIComponent(ctx.getNodeParameter('fileId', i) as string)}`)).body, pairedItem: { item: i } };
    case 'delete':
      return { json: (await lumikuRequest.call(ctx, 'DELETE', `/v1/files/${encodeURIComponent(ctx.getNodeParameter('fileId', i) as string)}`)).body, pairedItem: { item: i } };
  }
  throw new NodeOperationError(ctx.getNode(), `Unknown operation ${operation}`, { itemIndex: i });
}

async function runOther(ctx: IExecuteFunctions, resource: string, operation: string, i: number): Promise<IDataObject | IDataObject[]> {
  const id = (name: string) => encodeURIComponent(ctx.getNodeParameter(name, i) as string);
  if (resource === 'job') {
    if (operation === 'get') {
      const wait = ctx.getNodeParameter('wait', i, 0) as number;
      return (await lumikuRequest.call(ctx, 'GET', `/v1/jobs/${id('jobId')}`, { qs: wait ? { wait } : undefined })).body;
    }
    if (operation === 'list') return listWith(ctx, '/v1/jobs', i, ctx.getNodeParameter('filters', i, {}) as IDataObject, ['app', 'status', 'external_id']);
  }
  if (resource === 'file' && operation === 'list') return listWith(ctx, '/v1/files', i, {}, []);
  if (resource === 'webhookEndpoint') {
    if (operation === 'create') {
      const eventTypes = ctx.getNodeParameter('eventTypes', i, []) as string[];
      const description = ctx.getNodeParameter('endpointDescription', i, '') as string;
      return (await lumikuRequest.call(ctx, 'POST', '/v1/webhook_endpoints', { body: { url: ctx.getNodeParameter('endpointUrl', i) as string, ...(eventTypes.length ? { event_types: eventTypes } : {}), ...(description ? { description } : {}) } })).body;
    }
    if (operation === 'get') return (await lumikuRequest.call(ctx, 'GET', `/v1/webhook_endpoints/${id('endpointId')}`)).body;
    if (operation === 'delete') return (await lumikuRequest.call(ctx, 'DELETE', `/v1/webhook_endpoints/${id('endpointId')}`)).body;
    if (operation === 'list') return listWith(ctx, '/v1/webhook_endpoints', i, {}, []);
  }
  if (resource === 'event') {
    if (operation === 'get') return (await lumikuRequest.call(ctx, 'GET', `/v1/events/${id('eventId')}`)).body;
    if (operation === 'list') return listWith(ctx, '/v1/events', i, ctx.getNodeParameter('eventFilters', i, {}) as IDataObject, ['type', 'job_id']);
  }
  throw new NodeOperationError(ctx.getNode(), `Unknown operation ${resource}.${operation}`, { itemIndex: i });
}

export class Lumiku implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Lumiku',
    name: 'lumiku',
    icon: 'file:lumiku.svg',
    group: ['transform'],
    version: 1,
    subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
    description: `Run Lumiku apps (API ${SPEC.version}): video mixes, loops, carousels, avatars, pose generations, reformats; files, webhook endpoints and events`,
    defaults: { name: 'Lumiku' },
    usableAsTool: true,
    inputs: [NodeConnectionTypes.Main],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'lumikuApi', required: true, testedBy: 'lumikuApiTest' }],
    properties: nodeProperties,
  };

  methods = {
    credentialTest: { lumikuApiTest: testLumikuCredentials },
  };

  async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
    const items = this.getInputData();
    const out: INodeExecutionData[] = [];
    for (let i = 0; i < items.length; i++) {
      try {
        const resource = this.getNodeParameter('resource', i) as string;
        const operation = this.getNodeParameter('operation', i) as string;
        const app = SPEC.apps.find((a) => a.name === resource);
        if (resource === 'file' && operation !== 'list') {
          out.push(await runFile(this, operation, i, items[i]));
          continue;
        }
        const result = app ? await runApp(this, app, operation, i) : await runOther(this, resource, operation, i);
        for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: i } });
      } catch (error) {
        if (this.continueOnFail()) {
          out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
          continue;
        }
        throw error;
      }
    }
    return [out];
  }
}
