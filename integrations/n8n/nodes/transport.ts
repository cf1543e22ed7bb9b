import { NodeApiError, type IDataObject, type IExecuteFunctions, type IHookFunctions, type IHttpRequestMethods, type IHttpRequestOptions, type ICredentialTestFunctions, type ICredentialsDecrypted, type INodeCredentialTestResult, type JsonObject } from 'n8n-workflow';

type Context = IExecuteFunctions | IHookFunctions;

export interface LumikuResponse<T = any> {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** The API's problem document (RFC 9457) as n8n shows it: `code: detail`. */
export function problemMessage(body: unknown, statusCode: number): string {
  const problem = (body && typeof body === 'object' ? body : {}) as IDataObject;
  const detail = String(problem.detail ?? problem.title ?? `HTTP ${statusCode}`);
  return problem.code ? `${problem.code}: ${detail}` : detail;
}

function parse(body: unknown): unknown {
  if (typeof body === 'string' && body) {
    try {
      return JSON.parse(body);
    } catch {
      return body;
    }
  }
  if (Buffer.isBuffer(body)) return parse(body.toString('utf8'));
  return body;
}

/**
 * One request to the Lumiku API with the node's credentials. Non-2xx answers become a NodeApiError
 * carrying the problem document (its `detail` is the message); `allow` lists statuses returned as is.
 */
export async function lumikuRequest(
  this: Context,
  method: IHttpRequestMethods,
  path: string,
  options: { body?: IHttpRequestOptions['body']; qs?: IDataObject; headers?: IDataObject; binary?: boolean; allow?: number[] } = {},
): Promise<LumikuResponse> {
  const credentials = await this.getCredentials('lumikuApi');
  const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
  const request: IHttpRequestOptions = {
    method,
    url: `${baseUrl}${path}`,
    qs: options.qs,
    headers: { Accept: options.binary ? '*/*' : 'application/json', ...(options.headers ?? {}) },
    body: options.body,
    json: !options.binary && !(options.body instanceof FormData),
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
    ...(options.binary ? { encoding: 'arraybuffer' as const } : {}),
  };
  const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'lumikuApi', request)) as LumikuResponse;
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  if (!ok) {
    const body = parse(response.body);
    if (options.allow?.includes(response.statusCode)) return { ...response, body };
    throw new NodeApiError(this.getNode(), (body && typeof body === 'object' ? body : { message: String(body) }) as JsonObject, {
      message: problemMessage(body, response.statusCode),
      description: (body as IDataObject)?.type ? `See ${(body as IDataObject).type}` : undefined,
      httpCode: String(response.statusCode),
    });
  }
  return { ...response, body: options.binary ? response.body : parse(response.body) };
}

/** Lists every page of a list endpoint up to `limit` items (0: all). */
export async function lumikuList(this: Context, path: string, qs: IDataObject, limit: number): Promise<IDataObject[]> {
  const out: IDataObject[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await lumikuRequest.call(this, 'GET', path, { qs: { ...qs, limit: limit > 0 ? Math.min(100, limit - out.length) : 100, ...(cursor ? { starting_after: cursor } : {}) } });
    out.push(...(page.body.data as IDataObject[]));
    if (!page.body.has_more || (limit > 0 && out.length >= limit)) return limit > 0 ? out.slice(0, limit) : out;
    cursor = page.body.next_cursor ?? (page.body.data as IDataObject[]).at(-1)?.id;
  }
}

/**
 * The nodes' credential test: GET /v1/account with the key. A refusal reports the API's problem
 * `detail` (for example "The API key is not valid"), not just a status code.
 */
export async function testLumikuCredentials(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  const data = credential.data ?? {};
  const baseUrl = String(data.baseUrl ?? '').replace(/\/+$/, '');
  try {
    const response = await this.helpers.request({
      method: 'GET',
      uri: `${baseUrl}/v1/account`,
      headers: { Authorization: `Bearer ${data.apiKey}`, Accept: 'application/json' },
      json: true,
      simple: false,
      resolveWithFullResponse: true,
    });
    if (response.statusCode >= 200 && response.statusCode < 300) return { status: 'OK', message: `Connected to ${response.body?.name ?? 'Lumiku'}` };
    return { status: 'Error', message: `Connection failed: ${problemMessage(parse(response.body), response.statusCode)}` };
  } catch (error) {
    return { status: 'Error', message: `Connection failed: ${(error as Error).message}` };
  }
}
