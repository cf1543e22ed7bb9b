'use strict';

const spec = require('../generated/spec.json');

const TERMINAL = ['succeeded', 'failed', 'canceled'];
/** How long a create step holds on `?wait=` itself before leaving the rest to the job's webhook (Zapier's step limit is short). */
const SYNC_WAIT_SECONDS = 25;

const asBoolean = (v) => v === true || v === 'true' || v === 'yes' || v === 1 || v === '1';

/** A create field as a Zapier input field: scalars typed, enums as choices, arrays/objects as JSON text, metadata as a dict. */
const inputField = (field) => {
  const base = { key: field.name, label: field.label, required: field.required, helpText: field.description || undefined };
  if (field.name === 'metadata') return { ...base, dict: true };
  if (field.name === 'webhook_events') return { ...base, list: true, type: 'string' };
  if (field.options) return { ...base, type: 'string', choices: field.options, ...(field.default !== undefined ? { default: String(field.default) } : {}) };
  if (field.type === 'json') {
    const example = field.example !== undefined ? ` Example: ${JSON.stringify(field.example)}` : '';
    return { ...base, type: 'text', helpText: `${field.description || ''} (JSON)${example}`.trim() };
  }
  const type = { integer: 'integer', number: 'number', boolean: 'boolean' }[field.type] || 'string';
  return { ...base, type, ...(field.default !== undefined ? { default: String(field.default) } : {}) };
};

const bodyOf = (z, app, input) => {
  const body = {};
  for (const field of app.fields) {
    let value = input[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (field.type === 'json' && typeof value === 'string' && field.name !== 'webhook_events') {
      try {
        value = JSON.parse(value);
      } catch (e) {
        throw new z.errors.Error(`${field.label} is not valid JSON.`, 'invalid_input', 400);
      }
    }
    if (field.type === 'integer' || field.type === 'number') value = Number(value);
    if (field.type === 'boolean') value = asBoolean(value);
    body[field.name] = value;
  }
  return body;
};

/** A failed or canceled job is the step's error: its error.code and error.message. */
const finished = (z, job) => {
  if (job.status === 'failed') throw new z.errors.Error(`${job.error && job.error.code}: ${job.error && job.error.message}`, (job.error && job.error.code) || 'job_failed');
  if (job.status === 'canceled') throw new z.errors.Error(`The job ${job.id} was canceled.`, 'job_canceled');
  return job;
};

const createAction = (app) => ({
  key: `create_${app.name}`,
  noun: app.label,
  display: { label: `Create ${app.label}`, description: (app.description || `Creates a ${app.label.toLowerCase()} job.`).slice(0, 1000) },
  operation: {
    inputFields: [
      ...app.fields.map(inputField),
      { key: 'wait_for_result', label: 'Wait for the Result', type: 'boolean', default: 'true', helpText: 'Yes: the step ends when the job has finished (a failed job stops the Zap with its error). Past a few seconds Zapier waits for the job\'s webhook, so `Webhook Url` is set for you.' },
    ],
    perform: async (z, bundle) => {
      const body = bodyOf(z, app, bundle.inputData);
      const wait = bundle.inputData.wait_for_result === undefined ? true : asBoolean(bundle.inputData.wait_for_result);
      if (wait) {
        body.webhook_url = z.generateCallbackUrl();
        body.webhook_events = TERMINAL.map((status) => `${app.name}.${status}`);
      }
      const created = (await z.request({ url: `/v1/${app.path}`, method: 'POST', body })).data;
      if (!wait) return created;
      const job = (await z.request({ url: `/v1/jobs/${encodeURIComponent(created.id)}`, params: { wait: SYNC_WAIT_SECONDS } })).data;
      return TERMINAL.includes(job.status) ? finished(z, job) : job;
    },
    /** The job's terminal event arrived at Zapier's callback URL. */
    performResume: async (z, bundle) => {
      const event = bundle.cleanedRequest || {};
      const job = (event.data && event.data.object) || bundle.outputData;
      return finished(z, job);
    },
    sample: app.example,
  },
});

const importFile = {
  key: 'import_file',
  noun: 'File',
  display: { label: 'Import File', description: 'Has Lumiku fetch a file from a URL (for example a file a previous step found), to use in a job.' },
  operation: {
    inputFields: [
      { key: 'url', label: 'URL', type: 'string', required: true, helpText: 'A public http(s) URL of the file.' },
      { key: 'filename', label: 'File Name', type: 'string', required: false },
    ],
    perform: async (z, bundle) => (await z.request({ url: '/v1/files', method: 'POST', body: { url: bundle.inputData.url, ...(bundle.inputData.filename ? { filename: bundle.inputData.filename } : {}) } })).data,
    sample: { id: 'file_01jf3v8a6q8m2k4c7xw9t5b3nd', object: 'file', filename: 'clip.mp4', kind: 'video' },
  },
};

const creates = [...spec.apps.map(createAction), importFile];

module.exports = { creates, inputField, bodyOf, SYNC_WAIT_SECONDS };
