import assert from 'node:assert/strict';
import spec from '../../openapi/openapi.json';
import { formatPath, validationFieldErrors } from '../../api/src/errors/validation';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';

/**
 * Issue 12, "errors that a person can act on": every validation error names the field in one path
 * syntax (`clips`, `slides[0].images`, `scopes[0]`, `colour`, `query.limit`) and says what is wrong in
 * plain words, never tsoa's text ("Could not match the intersection…", `min 1`, `invalid array`) nor
 * its `body.` / `$0` syntax.
 */

/** What tsoa says and what must never reach a client. */
const INTERNAL = /Could not match|excess property|no member|^invalid (object|array|string|integer|float|boolean|undefined)|^(min|max|minLength|maxLength|minItems|maxItems) \d|Not match in|should be one of the following|\$\d|(^|\.)body\.|^'.*' is required$/;

function assertReadable(errors: { path: string; message: string }[], context: string) {
  assert.ok(Array.isArray(errors) && errors.length, `${context}: no errors[]`);
  for (const e of errors) {
    assert.doesNotMatch(e.message, INTERNAL, `${context}: ${e.path}: ${e.message}`);
    assert.doesNotMatch(e.path, /\$|^body\.|\.\d/, `${context}: path ${e.path}`);
  }
}

describe('contract: validation errors name the field in plain words', function () {
  this.timeout(60_000);
  let app: TestApp;
  let acct: TestAccount;
  before(async () => {
    app = await startTestApp({ RATE_LIMIT_PER_WINDOW: '0', WEBHOOK_URL_ALLOWLIST: '127.0.0.1' });
    acct = await createTestAccount(app.db, { balance: 100 });
  });
  after(async () => app?.close());

  const post = (path: string, body: unknown) => call(app.baseUrl, 'POST', path, { key: acct.test, body });
  const errorAt = (res: { body: any }, path: string) => (res.body.errors ?? []).find((e: { path: string }) => e.path === path);

  it('when a job create misses a required field, then errors[] names it: clips is required', async () => {
    const res = await post('/v1/video_mixes', {});
    assert.equal(res.status, 422, res.text);
    assert.equal(res.body.code, 'validation_failed');
    assert.deepEqual(errorAt(res, 'clips'), { path: 'clips', message: 'is required' });
    assertReadable(res.body.errors, 'video_mixes {}');
    assert.match(res.body.detail, /clips is required/);
  });

  it('when a job create has an unknown field, then its path is the field (colour), and a near miss is suggested', async () => {
    const top = await post('/v1/video_mixes', { clips: [{ file_id: 'file_a' }, { file_id: 'file_b' }], colour: 'red' });
    assert.equal(top.status, 422, top.text);
    assert.ok(errorAt(top, 'colour'), top.text);
    assert.match(errorAt(top, 'colour').message, /^is not a field/);
    const nested = await post('/v1/carousels', { slides: [{ images: ['file_a'], text_style: { colour: '#fff' } }, { images: ['file_b'] }], sets: 1 });
    assert.equal(nested.status, 422, nested.text);
    assert.match(errorAt(nested, 'slides[0].text_style.colour')?.message ?? nested.text, /did you mean 'color'\?/);
    assertReadable([...top.body.errors, ...nested.body.errors], 'unknown fields');
  });

  it('when a number is out of range, then the field and the bound are named: duration_seconds must be at least 1', async () => {
    const res = await post('/v1/loops', { file_id: 'file_a', duration_seconds: -5 });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(errorAt(res, 'duration_seconds'), { path: 'duration_seconds', message: 'must be at least 1 (got -5)' });
  });

  it('when a field inside an array item is wrong, then the path has the index: slides[0].images, slides[1].images[1]', async () => {
    const missing = await post('/v1/carousels', { slides: [{ texts: ['a'] }, { images: ['file_b'] }], sets: 1 });
    assert.equal(missing.status, 422, missing.text);
    assert.deepEqual(errorAt(missing, 'slides[0].images'), { path: 'slides[0].images', message: 'is required' });
    // An array inside an array item: tsoa alone would say `images.$1`, losing `slides[1]`.
    const deep = await post('/v1/carousels', { slides: [{ images: ['file_a'] }, { images: ['file_b', 5] }], sets: 1 });
    assert.equal(deep.status, 422, deep.text);
    assert.deepEqual(errorAt(deep, 'slides[1].images[1]'), { path: 'slides[1].images[1]', message: 'must be a string (got a number)' });
    assertReadable([...missing.body.errors, ...deep.body.errors], 'array items');
  });

  it('when an enum (a union of literals) is wrong, then one message lists the values: aspect_ratio, scopes[0]', async () => {
    const carousel = await post('/v1/carousels', { slides: [{ images: ['file_a'] }, { images: ['file_b'] }], sets: 1, aspect_ratio: '2:1' });
    assert.equal(carousel.status, 422, carousel.text);
    assert.equal(errorAt(carousel, 'aspect_ratio')?.message, "must be one of '1:1', '4:5', '9:16' (got '2:1')");
    const key = await post('/v1/api_keys', { name: 'x', scopes: ['read', 'everything'] });
    assert.equal(key.status, 422, key.text);
    assert.deepEqual(key.body.errors.map((e: { path: string }) => e.path), ['scopes[1]']);
    assert.match(key.body.errors[0].message, /^must be one of (?=.*'read')(?=.*'keys:manage')'.*' \(got 'everything'\)$/);
  });

  it('when a nullable field (a union with null) has the wrong type, then it says both: must be a string or null', async () => {
    const endpoint = await post('/v1/webhook_endpoints', { url: 'http://127.0.0.1:9/h' });
    const res = await call(app.baseUrl, 'PATCH', `/v1/webhook_endpoints/${endpoint.body.id}`, { key: acct.test, body: { description: 5, event_types: ['video_mix.*', 7] } });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.body.errors, [
      { path: 'description', message: 'must be a string or null (got a number)' },
      { path: 'event_types[1]', message: 'must be a string (got a number)' },
    ]);
  });

  it('when a query parameter is wrong, then its path is query.<name>', async () => {
    const res = await call(app.baseUrl, 'GET', '/v1/jobs?limit=lots', { key: acct.test });
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(res.body.errors, [{ path: 'query.limit', message: "must be a whole number (got 'lots')" }]);
    const range = await call(app.baseUrl, 'GET', '/v1/events?limit=0', { key: acct.test });
    assert.deepEqual(range.body.errors, [{ path: 'query.limit', message: 'must be at least 1 (got 0)' }]);
  });

  it('when any JSON-body operation of the spec gets an unknown field and a wrong type, then each is named in plain words', async () => {
    let checked = 0;
    for (const [template, ops] of Object.entries(spec.paths as Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.requestBody?.content?.['application/json']) continue;
        const path = template.replace(/\{[^}]+\}/g, 'x_0');
        const res = await call(app.baseUrl, method.toUpperCase(), path, { key: acct.test, body: { unexpected_field: 1 } });
        assert.equal(res.status, 422, `${method} ${path}: ${res.text}`);
        assert.ok(errorAt(res, 'unexpected_field'), `${method} ${path}: ${res.text}`);
        assertReadable(res.body.errors, `${method} ${path}`);
        const wrong = await call(app.baseUrl, method.toUpperCase(), path, { key: acct.test, body: [] });
        assert.deepEqual(wrong.body.errors, [{ path: 'body', message: 'must be an object (got an array)' }], `${method} ${path}: ${wrong.text}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `${checked} operations`);
  });

  describe('the mapping of tsoa errors (unit)', () => {
    it('when paths are formatted, then keys are dotted, indices bracketed and odd keys quoted', () => {
      assert.equal(formatPath(['slides', 0, 'images', 1]), 'slides[0].images[1]');
      assert.equal(formatPath(['metadata', 'a b']), 'metadata["a b"]');
      assert.equal(formatPath([]), 'body');
      assert.equal(formatPath(['limit'], 'query'), 'query.limit');
    });

    it('when tsoa nests errors in an intersection and a union, then each comes out at its own field', () => {
      const union = JSON.stringify([{ 'body.mode': { message: "should be one of the following; ['a']", value: 'z' } }, { 'body.mode': { message: "should be one of the following; ['b']", value: 'z' } }]);
      const fields = {
        body: {
          message: `Could not match the intersection against every type. Issues: ${JSON.stringify([
            { 'body.sets': { message: 'min 1', value: 0 } },
            { 'body.mode': { message: `Could not match the union against any of the items. Issues: ${union}`, value: 'z' } },
          ])}`,
        },
      };
      assert.deepEqual(validationFieldErrors({ fields }), [
        { path: 'sets', message: 'must be at least 1 (got 0)' },
        { path: 'mode', message: "must be one of 'a', 'b' (got 'z')" },
      ]);
    });

    it('when an object literal lists its extra keys, then each is its own error; keys with dots are read against the body', () => {
      const fields = {
        'body.style': { message: '"colour,size" is an excess property and therefore is not allowed', value: { colour: 1, size: 2 } },
        'body.metadata.a.b': { message: 'invalid string value', value: 5 },
      };
      assert.deepEqual(validationFieldErrors({ fields }, { body: { metadata: { 'a.b': 5 } } }), [
        { path: 'style.colour', message: 'is not a field of this object' },
        { path: 'style.size', message: 'is not a field of this object' },
        { path: 'metadata["a.b"]', message: 'must be a string (got a number)' },
      ]);
    });

    it('when a union alternative matched the kind but failed inside, then its error is the one reported', () => {
      const fields = {
        'body.event_types': {
          message: `Could not match the union against any of the items. Issues: ${JSON.stringify([{ 'body.event_types': { message: 'maxItems 2', value: ['a', 'b', 'c'] } }, { 'body.event_types': { message: 'should be one of the following; [null]', value: ['a', 'b', 'c'] } }])}`,
        },
      };
      assert.deepEqual(validationFieldErrors({ fields }), [{ path: 'event_types', message: 'must have at most 2 items (got 3 items)' }]);
    });
  });
});
