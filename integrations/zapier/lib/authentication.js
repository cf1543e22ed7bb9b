'use strict';

const { problemMessage, parse } = require('./http');

module.exports = {
  type: 'custom',
  fields: [
    { key: 'apiKey', label: 'API Key', type: 'password', required: true, helpText: 'A Lumiku API key: `lk_live_…` or `lk_test_…` (test keys run every job for free). It needs the scopes read, jobs:write, files:write and webhooks:manage.' },
    { key: 'baseUrl', label: 'Base URL', type: 'string', required: true, default: 'http://localhost:8080', helpText: 'Where your Lumiku API is served, without /v1.' },
  ],
  /** GET /v1/account: a refusal says "Connection failed" with the API's problem detail. */
  test: async (z, bundle) => {
    const response = await z.request({ url: '/v1/account', skipThrowForStatus: true });
    if (response.status >= 400) throw new z.errors.Error(`Connection failed: ${problemMessage(parse(response), response.status)}`, 'AuthenticationError', response.status);
    return parse(response);
  },
  connectionLabel: '{{name}}',
};
