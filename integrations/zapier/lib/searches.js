'use strict';

const spec = require('../generated/spec.json');

const jobSample = spec.apps[0] ? { id: 'job_example', object: spec.apps[0].name, status: 'succeeded' } : { id: 'job_example' };

const findJobById = {
  key: 'find_job',
  noun: 'Job',
  display: { label: 'Find Job by ID', description: 'Finds a job of any app by its id.' },
  operation: {
    inputFields: [{ key: 'id', label: 'Job ID', required: true }],
    perform: async (z, bundle) => {
      const response = await z.request({ url: `/v1/jobs/${encodeURIComponent(bundle.inputData.id)}`, skipThrowForStatus: true });
      if (response.status === 404) return [];
      response.skipThrowForStatus = false;
      response.throwForStatus();
      return [response.data];
    },
    sample: jobSample,
  },
};

const findJobByExternalId = {
  key: 'find_job_by_external_id',
  noun: 'Job',
  display: { label: 'Find Job by External ID', description: 'Finds a job again by the external ID you gave it.' },
  operation: {
    inputFields: [
      { key: 'external_id', label: 'External ID', required: true },
      { key: 'app', label: 'App', required: false, choices: spec.apps.map((a) => a.name) },
    ],
    perform: async (z, bundle) => {
      const response = await z.request({ url: '/v1/jobs', params: { external_id: bundle.inputData.external_id, ...(bundle.inputData.app ? { app: bundle.inputData.app } : {}), limit: 10 } });
      return response.data.data;
    },
    sample: jobSample,
  },
};

module.exports = { searches: [findJobById, findJobByExternalId] };
