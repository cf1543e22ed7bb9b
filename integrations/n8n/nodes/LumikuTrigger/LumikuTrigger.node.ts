import { NodeConnectionTypes, type IDataObject, type IHookFunctions, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';
import { SPEC } from '../../generated/spec';
import { signatureProblem } from '../signature';
import { lumikuRequest, testLumikuCredentials } from '../transport';

/** How many recent webhook-ids are remembered to drop redelivered duplicates. */
export const SEEN_IDS = 500;

interface TriggerData extends IDataObject {
  endpointId?: string;
  secret?: string;
  seen?: string[];
}

const sameTypes = (a: string[] | null | undefined, b: string[]) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...b].sort());

export class LumikuTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'Lumiku Trigger',
    name: 'lumikuTrigger',
    icon: 'file:lumiku.svg',
    group: ['trigger'],
    version: 1,
    subtitle: '={{$parameter["events"].join(", ")}}',
    description: 'Starts the workflow when Lumiku sends an event (a job finished, credits are low, …). Registers a webhook endpoint on activation and removes it on deactivation; every delivery\'s signature is verified.',
    defaults: { name: 'Lumiku Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [{ name: 'lumikuApi', required: true, testedBy: 'lumikuApiTest' }],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
    properties: [
      {
        displayName: 'Events',
        name: 'events',
        type: 'multiOptions',
        required: true,
        default: [],
        options: [...SPEC.eventFamilies.map((f) => ({ name: `${f.label}: every event (${f.name}.*)`, value: `${f.name}.*` })), ...SPEC.eventTypes.map((t) => ({ name: t, value: t }))],
        description: 'The event types that start the workflow (a family such as video_mix.* takes every status)',
      },
    ],
  };

  methods = {
    credentialTest: { lumikuApiTest: testLumikuCredentials },
  };

  webhookMethods = {
    default: {
      /** True when the endpoint this node registered still exists with this URL and these events; a deleted one is forgotten, so n8n creates a new one. */
      async checkExists(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node') as TriggerData;
        if (!data.endpointId) return false;
        const res = await lumikuRequest.call(this, 'GET', `/v1/webhook_endpoints/${encodeURIComponent(data.endpointId)}`, { allow: [404] });
        if (res.statusCode === 404) {
          delete data.endpointId;
          delete data.secret;
          return false;
        }
        const events = this.getNodeParameter('events') as string[];
        const endpoint = res.body as IDataObject;
        return endpoint.url === this.getNodeWebhookUrl('default') && endpoint.enabled === true && sameTypes(endpoint.event_types as string[] | null, events) && Boolean(data.secret);
      },
      /** Registers the endpoint for the chosen events and keeps its id and signing secret. */
      async create(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node') as TriggerData;
        if (data.endpointId) await lumikuRequest.call(this, 'DELETE', `/v1/webhook_endpoints/${encodeURIComponent(data.endpointId)}`, { allow: [404] });
        const events = this.getNodeParameter('events') as string[];
        const res = await lumikuRequest.call(this, 'POST', '/v1/webhook_endpoints', {
          body: { url: this.getNodeWebhookUrl('default') as string, event_types: events, description: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id ?? 'workflow'}` },
        });
        data.endpointId = res.body.id;
        data.secret = res.body.secret;
        data.seen = [];
        return true;
      },
      /** Removes the endpoint (one already gone counts as removed). */
      async delete(this: IHookFunctions): Promise<boolean> {
        const data = this.getWorkflowStaticData('node') as TriggerData;
        if (data.endpointId) await lumikuRequest.call(this, 'DELETE', `/v1/webhook_endpoints/${encodeURIComponent(data.endpointId)}`, { allow: [404] });
        delete data.endpointId;
        delete data.secret;
        delete data.seen;
        return true;
      },
    },
  };

  /** A delivery: refused (401) unless its signature verifies; a webhook-id seen before is acknowledged and dropped. */
  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    const data = this.getWorkflowStaticData('node') as TriggerData;
    const req = this.getRequestObject() as unknown as { rawBody?: Buffer | string; body?: unknown };
    const res = this.getResponseObject();
    const headers = this.getHeaderData() as Record<string, unknown>;
    const raw = req.rawBody ?? JSON.stringify(req.body ?? this.getBodyData());
    const problem = data.secret ? signatureProblem(data.secret, headers, raw) : 'this trigger has no signing secret (re-activate the workflow)';
    if (problem) {
      res.status(401).json({ error: `signature refused: ${problem}` });
      return { noWebhookResponse: true };
    }
    const id = String(headers['webhook-id']);
    const seen = data.seen ?? [];
    if (seen.includes(id)) return { webhookResponse: { received: true, duplicate: true } };
    data.seen = [...seen, id].slice(-SEEN_IDS);
    const event = this.getBodyData();
    return { workflowData: [this.helpers.returnJsonArray(event)] };
  }
}
