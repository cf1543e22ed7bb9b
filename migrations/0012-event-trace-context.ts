import type { QueryInterface } from 'sequelize';

/**
 * The W3C trace context (`traceparent`) an event was written in, when traces are exported: the
 * webhook deliveries of the event continue that trace (workers/src/webhooks/dispatcher.ts), so one
 * trace runs from the API request through the job to each delivery attempt. NULL without tracing,
 * and for events written outside any span. Never part of the event as the API shows it.
 */
export async function up({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE events ADD COLUMN traceparent text;`);
}

export async function down({ context: qi }: { context: QueryInterface }) {
  await qi.sequelize.query(`ALTER TABLE events DROP COLUMN IF EXISTS traceparent;`);
}
