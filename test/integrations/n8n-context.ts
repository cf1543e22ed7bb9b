/**
 * Hand-made n8n function contexts for running the n8n nodes' methods directly (the full `n8n` app
 * is not installed: its current releases need Node 24's isolated-vm). They implement the helpers
 * the nodes use with n8n's documented semantics: httpRequestWithAuthentication applies the
 * credential type's `authenticate` block and honours returnFullResponse / ignoreHttpStatusErrors /
 * encoding; binary helpers keep data base64 in the item, as n8n's default binary mode does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IBinaryData, IDataObject, IExecuteFunctions, IHookFunctions, IHttpRequestOptions, INode, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { LumikuApi } from '../../integrations/n8n/credentials/LumikuApi.credentials';

export interface Credentials {
  apiKey: string;
  baseUrl: string;
}

const NODE: INode = { id: 'node-1', name: 'Lumiku', type: 'n8n-nodes-lumiku.lumiku', typeVersion: 1, position: [0, 0], parameters: {} };

/** `=Bearer {{$credentials.apiKey}}` → `Bearer lk_…` */
function resolveExpression(value: string, credentials: Credentials): string {
  return value.replace(/^=/, '').replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, key: string) => String((credentials as unknown as Record<string, string>)[key] ?? ''));
}

/** What n8n's httpRequestWithAuthentication does, for the Lumiku credential type, over fetch. */
export async function httpRequestWithAuthentication(credentials: Credentials, options: IHttpRequestOptions) {
  const auth = new LumikuApi().authenticate;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name] = String(value);
  if (typeof auth === 'object' && auth.type === 'generic') for (const [name, value] of Object.entries(auth.properties.headers ?? {})) headers[name] = resolveExpression(String(value), credentials);
  const url = new URL(options.url, options.baseURL);
  for (const [key, value] of Object.entries(options.qs ?? {})) if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  let body: BodyInit | undefined;
  if (options.body instanceof FormData || Buffer.isBuffer(options.body) || typeof options.body === 'string') body = options.body as BodyInit;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: options.method ?? 'GET', headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  let parsed: unknown = bytes;
  if (options.encoding !== 'arraybuffer') {
    const text = bytes.toString('utf8');
    try {
      parsed = options.json || /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    } catch {
      parsed = text;
    }
  }
  if (!res.ok && !options.ignoreHttpStatusErrors) throw Object.assign(new Error(`Request failed with status code ${res.status}`), { response: { status: res.status, data: parsed } });
  const responseHeaders = Object.fromEntries(res.headers.entries());
  return options.returnFullResponse ? { body: parsed, headers: responseHeaders, statusCode: res.status, statusMessage: res.statusText } : parsed;
}

function binaryHelpers(items: INodeExecutionData[]) {
  return {
    assertBinaryData(i: number, property: string): IBinaryData {
      const data = items[i]?.binary?.[property];
      if (!data) throw new Error(`This operation expects the node's input data to contain a binary file '${property}', but none was found`);
      return data;
    },
    async getBinaryDataBuffer(i: number, property: string) {
      return Buffer.from(items[i].binary![property].data, 'base64');
    },
    async prepareBinaryData(buffer: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> {
      return { data: buffer.toString('base64'), fileName, mimeType: mimeType ?? 'application/octet-stream', fileSize: String(buffer.length) };
    },
    returnJsonArray(json: IDataObject | IDataObject[]): INodeExecutionData[] {
      return (Array.isArray(json) ? json : [json]).map((j) => ({ json: j }));
    },
  };
}

type Params = Record<string, unknown> | ((name: string, i: number) => unknown);

function parameterGetter(params: Params) {
  return (name: string, i = 0, fallback?: unknown) => {
    const value = typeof params === 'function' ? params(name, i) : params[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new Error(`Could not get parameter "${name}"`);
  };
}

/** The context n8n hands to a node's execute(). */
export function executeContext(opts: { credentials: Credentials; params: Params; items?: INodeExecutionData[]; continueOnFail?: boolean }): IExecuteFunctions {
  const items = opts.items ?? [{ json: {} }];
  const ctx = {
    getInputData: () => items,
    getNodeParameter: parameterGetter(opts.params),
    getCredentials: async () => opts.credentials,
    getNode: () => NODE,
    continueOnFail: () => opts.continueOnFail ?? false,
    helpers: {
      ...binaryHelpers(items),
      httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) => httpRequestWithAuthentication(opts.credentials, options),
    },
  };
  return ctx as unknown as IExecuteFunctions;
}

/** The context of webhookMethods (checkExists / create / delete): the workflow's static data persists across calls. */
export function hookContext(opts: { credentials: Credentials; params: Params; webhookUrl: string; staticData: IDataObject }): IHookFunctions {
  const ctx = {
    getNodeParameter: (name: string, fallback?: unknown) => parameterGetter(opts.params)(name, 0, fallback),
    getCredentials: async () => opts.credentials,
    getNode: () => ({ ...NODE, name: 'Lumiku Trigger' }),
    getNodeWebhookUrl: () => opts.webhookUrl,
    getWorkflowStaticData: () => opts.staticData,
    getWorkflow: () => ({ id: 'wf-1', name: 'Lumiku test workflow', active: true }),
    getMode: () => 'trigger',
    getActivationMode: () => 'activate',
    helpers: { httpRequestWithAuthentication: (_type: string, options: IHttpRequestOptions) => httpRequestWithAuthentication(opts.credentials, options) },
  };
  return ctx as unknown as IHookFunctions;
}

export interface WebhookServer {
  url: string;
  /** Every run the trigger started: the items of its workflowData. */
  runs: INodeExecutionData[][];
  /** Every delivery received: raw body, headers, and the status answered. */
  deliveries: { raw: Buffer; headers: http.IncomingHttpHeaders; status: number }[];
  close(): Promise<void>;
}

/**
 * A stand-in for n8n's webhook listener (responseMode onReceived): parses the JSON body, keeps the raw
 * bytes as `req.rawBody` (as n8n does), calls the node's webhook(), answers with its webhookResponse
 * (200) unless the node answered itself, and records the runs it would start.
 */
export async function startWebhookServer(webhook: (this: IWebhookFunctions) => Promise<IWebhookResponseData>, staticData: IDataObject): Promise<WebhookServer> {
  const runs: INodeExecutionData[][] = [];
  const deliveries: WebhookServer['deliveries'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      let body: IDataObject = {};
      try {
        body = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        body = {};
      }
      const request = Object.assign(req, { rawBody: raw, body });
      let status = 200;
      const response = {
        status(code: number) {
          status = code;
          return response;
        },
        json(value: unknown) {
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
          return response;
        },
        send(value: unknown) {
          res.writeHead(status).end(String(value));
          return response;
        },
      };
      const ctx = {
        getRequestObject: () => request,
        getResponseObject: () => response,
        getHeaderData: () => req.headers,
        getBodyData: () => body,
        getWorkflowStaticData: () => staticData,
        getNode: () => ({ ...NODE, name: 'Lumiku Trigger' }),
        getMode: () => 'webhook',
        helpers: binaryHelpers([]),
      } as unknown as IWebhookFunctions;
      try {
        const result = await webhook.call(ctx);
        if (result.workflowData) runs.push(...result.workflowData);
        if (!result.noWebhookResponse) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result.webhookResponse ?? { message: 'Workflow was started' }));
      } catch (error) {
        status = 500;
        res.writeHead(500).end(String(error));
      }
      deliveries.push({ raw, headers: req.headers, status: res.statusCode });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`,
    runs,
    deliveries,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The credential-test context: n8n's legacy `request` helper (simple: false → no throw on 4xx, resolveWithFullResponse). */
export function credentialTestContext() {
  return {
    logger: console,
    helpers: {
      async request(options: { method?: string; uri: string; headers?: Record<string, string>; json?: boolean; simple?: boolean; resolveWithFullResponse?: boolean }) {
        const res = await fetch(options.uri, { method: options.method ?? 'GET', headers: options.headers });
        const text = await res.text();
        let body: unknown = text;
        try {
          body = options.json ? JSON.parse(text) : text;
        } catch {
          body = text;
        }
        if (!res.ok && options.simple !== false) throw Object.assign(new Error(`${res.status}`), { statusCode: res.status, error: body });
        return options.resolveWithFullResponse ? { statusCode: res.status, body, headers: Object.fromEntries(res.headers.entries()) } : body;
      },
    },
  } as any;
}
