import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { SPEC } from '../../generated/spec';
import type { ConnectorApp, ConnectorField } from '../spec-types';

/** `video_mix` → `videoMix`; `aspect_ratio` → `AspectRatio` with `upper`. */
export const camel = (snake: string, upper = false) => snake.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/^\w/, (c) => (upper ? c.toUpperCase() : c));

/** The node parameter that holds a required create field of an app (optional ones live in `<app>Options`). */
export const fieldParameter = (app: ConnectorApp, field: ConnectorField) => `${camel(app.name)}${camel(field.name, true)}`;
export const optionsParameter = (app: ConnectorApp) => `${camel(app.name)}Options`;

export const JOB_STATUSES = ['queued', 'processing', 'succeeded', 'failed', 'canceled'];

function jsonDefault(field: ConnectorField): string {
  const value = field.example ?? field.default ?? (field.name === 'metadata' ? {} : []);
  return JSON.stringify(value, null, 2);
}

/** One n8n property for a create field, typed from its schema, defaulting to the spec's example. */
function fieldProperty(field: ConnectorField, name: string, show?: INodeProperties['displayOptions']): INodeProperties {
  const base = { displayName: field.label, name, description: field.description || undefined, required: field.required || undefined, ...(show ? { displayOptions: show } : {}) };
  if (field.options) {
    return { ...base, type: 'options', options: field.options.map((value) => ({ name: value, value })), default: (field.example ?? field.default ?? field.options[0]) as string };
  }
  switch (field.type) {
    case 'integer':
    case 'number':
      return {
        ...base,
        type: 'number',
        typeOptions: { ...(field.minimum !== undefined ? { minValue: field.minimum } : {}), ...(field.maximum !== undefined ? { maxValue: field.maximum } : {}), ...(field.type === 'integer' ? { numberPrecision: 0 } : {}) },
        default: (field.example ?? field.default ?? field.minimum ?? 0) as number,
      };
    case 'boolean':
      return { ...base, type: 'boolean', default: (field.example ?? field.default ?? false) as boolean };
    case 'json':
      return { ...base, type: 'json', default: jsonDefault(field) };
    default:
      return { ...base, type: 'string', default: (field.example ?? field.default ?? '') as string };
  }
}

const APP_OPERATIONS: INodePropertyOptions[] = [
  { name: 'Create', value: 'create', action: 'Create a job', description: 'Queue a job and return it at once' },
  { name: 'Create and Wait', value: 'createAndWait', action: 'Create a job and wait for it', description: 'Queue a job and return it when it has finished; a failed job is the step\'s error' },
  { name: 'Get', value: 'get', action: 'Get a job' },
  { name: 'Get Many', value: 'list', action: 'Get many jobs' },
  { name: 'Cancel', value: 'cancel', action: 'Cancel a job' },
];

function appProperties(app: ConnectorApp): INodeProperties[] {
  const on = (operation: string[]) => ({ show: { resource: [app.name], operation } });
  const create = on(['create', 'createAndWait']);
  return [
    { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions: { show: { resource: [app.name] } }, options: APP_OPERATIONS.map((o) => ({ ...o, action: o.action!.replace('a job', `a ${app.label.toLowerCase()}`).replace('many jobs', `many ${app.plural.toLowerCase()}`) })), default: 'createAndWait' },
    ...app.fields.filter((f) => f.required).map((f) => fieldProperty(f, fieldParameter(app, f), create)),
    {
      displayName: 'Additional Fields',
      name: optionsParameter(app),
      type: 'collection',
      placeholder: 'Add Field',
      default: {},
      displayOptions: create,
      options: app.fields.filter((f) => !f.required).map((f) => fieldProperty(f, f.name)),
    },
  ];
}

const idProperty = (displayName: string, name: string, resources: string[], operations: string[]): INodeProperties => ({ displayName, name, type: 'string', required: true, default: '', displayOptions: { show: { resource: resources, operation: operations } } });

const appNames = SPEC.apps.map((a) => a.name);

export const resourceProperty: INodeProperties = {
  displayName: 'Resource',
  name: 'resource',
  type: 'options',
  noDataExpression: true,
  options: [
    ...SPEC.apps.map((a) => ({ name: a.label, value: a.name, description: a.description || undefined })),
    { name: 'Any Job', value: 'job', description: 'Jobs of every app: get one by ID (and wait for it), or find one by your external ID' },
    { name: 'File', value: 'file' },
    { name: 'Webhook Endpoint', value: 'webhookEndpoint' },
    { name: 'Event', value: 'event' },
  ],
  default: SPEC.apps[0]?.name ?? 'file',
};

const jobCommon: INodeProperties[] = [
  idProperty('Job ID', 'jobId', [...appNames, 'job'], ['get', 'cancel']),
  { displayName: 'Wait (Seconds)', name: 'wait', type: 'number', typeOptions: { minValue: 0, maxValue: 60 }, default: 0, description: 'Hold up to this many seconds for the job to finish before answering', displayOptions: { show: { resource: [...appNames, 'job'], operation: ['get'] } } },
  { displayName: 'Timeout (Seconds)', name: 'timeout', type: 'number', typeOptions: { minValue: 1 }, default: 600, description: 'How long to wait for the job in all; past it the step fails (the job goes on)', displayOptions: { show: { resource: appNames, operation: ['createAndWait'] } } },
  { displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit', displayOptions: { show: { resource: [...appNames, 'job', 'file', 'webhookEndpoint', 'event'], operation: ['list'] } } },
  { displayName: 'Limit', name: 'limit', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'Max number of results to return', displayOptions: { show: { resource: [...appNames, 'job', 'file', 'webhookEndpoint', 'event'], operation: ['list'], returnAll: [false] } } },
  {
    displayName: 'Filters',
    name: 'filters',
    type: 'collection',
    placeholder: 'Add Filter',
    default: {},
    displayOptions: { show: { resource: [...appNames, 'job'], operation: ['list'] } },
    options: [
      { displayName: 'External ID', name: 'external_id', type: 'string', default: '', description: 'Your own ID given when the job was created' },
      { displayName: 'Status', name: 'status', type: 'options', options: JOB_STATUSES.map((s) => ({ name: s, value: s })), default: 'succeeded' },
      { displayName: 'App', name: 'app', type: 'options', options: SPEC.apps.map((a) => ({ name: a.label, value: a.name })), default: SPEC.apps[0]?.name ?? '', description: 'Only for Any Job' },
    ],
  },
];

const fileProperties: INodeProperties[] = [
  { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions: { show: { resource: ['file'] } }, options: [
    { name: 'Upload', value: 'upload', action: 'Upload a file', description: 'Upload binary data of the input item' },
    { name: 'Import From URL', value: 'import', action: 'Import a file from a URL' },
    { name: 'Download', value: 'download', action: 'Download a file', description: 'Download a file (an upload or a job output) as binary data' },
    { name: 'Get', value: 'get', action: 'Get a file' },
    { name: 'Get Many', value: 'list', action: 'Get many files' },
    { name: 'Delete', value: 'delete', action: 'Delete a file' },
  ], default: 'upload' },
  { displayName: 'Input Binary Field', name: 'binaryPropertyName', type: 'string', default: 'data', required: true, displayOptions: { show: { resource: ['file'], operation: ['upload'] } }, description: 'The binary field of the input item that holds the file' },
  { displayName: 'Put Output File in Field', name: 'outputBinaryPropertyName', type: 'string', default: 'data', required: true, displayOptions: { show: { resource: ['file'], operation: ['download'] } } },
  { displayName: 'URL', name: 'url', type: 'string', default: '', required: true, displayOptions: { show: { resource: ['file'], operation: ['import'] } }, description: 'A public http(s) URL the API fetches the file from' },
  { displayName: 'File Name', name: 'filename', type: 'string', default: '', displayOptions: { show: { resource: ['file'], operation: ['upload', 'import'] } }, description: 'The name to store (default: the binary data\'s or the URL\'s)' },
  idProperty('File ID', 'fileId', ['file'], ['download', 'get', 'delete']),
];

const webhookEndpointProperties: INodeProperties[] = [
  { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions: { show: { resource: ['webhookEndpoint'] } }, options: [
    { name: 'Create', value: 'create', action: 'Create a webhook endpoint' },
    { name: 'Get', value: 'get', action: 'Get a webhook endpoint' },
    { name: 'Get Many', value: 'list', action: 'Get many webhook endpoints' },
    { name: 'Delete', value: 'delete', action: 'Delete a webhook endpoint' },
  ], default: 'create' },
  { displayName: 'URL', name: 'endpointUrl', type: 'string', default: '', required: true, displayOptions: { show: { resource: ['webhookEndpoint'], operation: ['create'] } } },
  { displayName: 'Event Types', name: 'eventTypes', type: 'multiOptions', options: SPEC.eventTypes.map((t) => ({ name: t, value: t })), default: [], description: 'None: every event type', displayOptions: { show: { resource: ['webhookEndpoint'], operation: ['create'] } } },
  { displayName: 'Description', name: 'endpointDescription', type: 'string', default: '', displayOptions: { show: { resource: ['webhookEndpoint'], operation: ['create'] } } },
  idProperty('Webhook Endpoint ID', 'endpointId', ['webhookEndpoint'], ['get', 'delete']),
];

const eventProperties: INodeProperties[] = [
  { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions: { show: { resource: ['event'] } }, options: [
    { name: 'Get', value: 'get', action: 'Get an event' },
    { name: 'Get Many', value: 'list', action: 'Get many events' },
  ], default: 'list' },
  idProperty('Event ID', 'eventId', ['event'], ['get']),
  { displayName: 'Filters', name: 'eventFilters', type: 'collection', placeholder: 'Add Filter', default: {}, displayOptions: { show: { resource: ['event'], operation: ['list'] } }, options: [
    { displayName: 'Type', name: 'type', type: 'options', options: [...SPEC.eventFamilies.map((f) => ({ name: `${f.name}.*`, value: `${f.name}.*` })), ...SPEC.eventTypes.map((t) => ({ name: t, value: t }))], default: '' },
    { displayName: 'Job ID', name: 'job_id', type: 'string', default: '' },
  ] },
];

const jobResourceProperties: INodeProperties[] = [
  { displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true, displayOptions: { show: { resource: ['job'] } }, options: [
    { name: 'Get', value: 'get', action: 'Get a job of any app' },
    { name: 'Get Many', value: 'list', action: 'Get many jobs of any app', description: 'Filter by app, status or your external ID' },
  ], default: 'get' },
];

export const nodeProperties: INodeProperties[] = [
  resourceProperty,
  ...SPEC.apps.flatMap(appProperties),
  ...jobResourceProperties,
  ...jobCommon,
  ...fileProperties,
  ...webhookEndpointProperties,
  ...eventProperties,
];
