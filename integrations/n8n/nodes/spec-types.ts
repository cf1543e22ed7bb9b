/** The shape of generated/spec.ts (see integrations/scripts/model.ts, which builds it from the OpenAPI spec). */
export interface ConnectorField {
  name: string;
  label: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'json';
  required: boolean;
  description: string;
  options?: string[];
  default?: unknown;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  common: boolean;
}

export interface ConnectorOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
}

export interface ConnectorApp {
  name: string;
  label: string;
  plural: string;
  path: string;
  description: string;
  operations: ConnectorOperation[];
  fields: ConnectorField[];
  example: Record<string, unknown>;
  eventTypes: string[];
}

export interface ConnectorSpec {
  version: string;
  apps: ConnectorApp[];
  eventTypes: string[];
  eventFamilies: { name: string; label: string; types: string[] }[];
  operations: ConnectorOperation[];
}
