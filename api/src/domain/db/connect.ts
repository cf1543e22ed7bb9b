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
    },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
}
