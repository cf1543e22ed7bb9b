import pg from 'pg';
import { Sequelize } from 'sequelize';

// Credits and byte counts are bigint columns; every value we store fits in a double exactly.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DatabaseOptions {
  databaseUrl: string;
  poolMax: number;
  statementTimeoutMs: number;
  logging?: false | ((sql: string) => void);
}

/** Creates the pool; nothing connects until the first query (or `authenticate()`). */
export function createDatabase(opts: DatabaseOptions): Sequelize {
  return new Sequelize(opts.databaseUrl, {
    dialect: 'postgres',
    logging: opts.logging ?? false,
    benchmark: false,
    pool: { max: opts.poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    dialectOptions: {
      statement_timeout: opts.statementTimeoutMs,
      idle_in_transaction_session_timeout: Math.max(opts.statementTimeoutMs * 2, 60_000),
      application_name: 'lumiku',
      // A database that drops packets (rather than refusing) answers 503 in seconds, not after the pool's acquire timeout.
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
}

interface PgClient {
  query<R>(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: R[] }>;
}
interface PoolManager {
  getConnection(opts: { type: 'read' | 'write' }): Promise<PgClient>;
  releaseConnection(c: PgClient): void;
}

/**
 * A named prepared statement on a connection from Sequelize's own pool, for the few reads on every
 * request's path (the API key and the account): PostgreSQL parses and plans it once per connection,
 * and no SQL string is built per call. Everything else goes through `db.query`.
 */
export async function preparedQuery<R>(db: Sequelize, name: string, text: string, values: unknown[]): Promise<R[]> {
  const pool = (db as unknown as { connectionManager: PoolManager }).connectionManager;
  const client = await pool.getConnection({ type: 'read' });
  try {
    return (await client.query<R>({ name, text, values })).rows;
  } finally {
    pool.releaseConnection(client);
  }
}
