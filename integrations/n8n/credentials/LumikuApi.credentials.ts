import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A Lumiku API key and the base URL of the API it belongs to. */
export class LumikuApi implements ICredentialType {
  name = 'lumikuApi';

  displayName = 'Lumiku API';

  icon = 'file:lumiku.svg' as const;

  documentationUrl = 'https://docs.lumiku.dev/guides/no-code-n8n';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'A key made in the dashboard or with POST /v1/api_keys: lk_live_… or lk_test_… (test keys run every job for free)',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: 'http://localhost:8080',
      required: true,
      description: 'Where the Lumiku API is served, without /v1',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: {
      headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
    },
  };

  /** Used where a node names no credential test of its own (the nodes use `lumikuApiTest`, which reports our problem detail). */
  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/v1/account' },
  };
}
