'use strict';

/** The API's base URL from the connection (without a trailing slash or /v1). */
const baseUrl = (bundle) => String((bundle.authData && bundle.authData.baseUrl) || '').replace(/\/+$/, '');

/** `code: detail` of a problem document (RFC 9457), or the status. */
const problemMessage = (body, status) => {
  const problem = body && typeof body === 'object' ? body : {};
  const detail = problem.detail || problem.title || `HTTP ${status}`;
  return problem.code ? `${problem.code}: ${detail}` : detail;
};

const parse = (response) => {
  if (response.data !== undefined) return response.data;
  try {
    return JSON.parse(response.content);
  } catch (e) {
    return undefined;
  }
};

/** beforeRequest: relative URLs go to the connection's base URL, with the API key. */
const addAuth = (request, z, bundle) => {
  if (request.url && request.url.startsWith('/')) request.url = `${baseUrl(bundle)}${request.url}`;
  request.headers = request.headers || {};
  if (bundle.authData && bundle.authData.apiKey) request.headers.Authorization = `Bearer ${bundle.authData.apiKey}`;
  request.headers.Accept = request.headers.Accept || 'application/json';
  return request;
};

/** afterResponse: an error answer becomes an error carrying the problem's code and detail. */
const throwProblems = (response, z) => {
  if (response.status < 400 || response.skipThrowForStatus || (response.request && response.request.skipThrowForStatus)) return response;
  const body = parse(response);
  const code = (body && body.code) || `http_${response.status}`;
  throw new z.errors.Error(problemMessage(body, response.status), code, response.status);
};

module.exports = { baseUrl, problemMessage, parse, addAuth, throwProblems };
