import express from 'express';
import pg from 'pg';
import { ACCOUNT_BY_ID } from '../../api/src/domain/accounts/accounts';

/**
 * The second baseline: a bare Express 5 server that answers each request with one PostgreSQL read
 * through a `pg` pool of the API's size, the same named prepared statement the API runs for
 * `GET /v1/account` (domain/accounts/accounts.ts `findAccount`), for the account in ACCOUNT_ID.
 * No authentication, logging, metrics or rate limiting: what is left over it is the API's own cost.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v)); // as the API's pool does
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_MAX ?? 10) });
const accountId = process.env.ACCOUNT_ID!;
const app = express();
app.get('/account', async (_req, res) => {
  const { rows } = await pool.query({ ...ACCOUNT_BY_ID, values: [accountId] });
  res.json(rows[0]);
});
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`READY ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
