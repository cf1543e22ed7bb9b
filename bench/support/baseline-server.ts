import express from 'express';

/** The baseline: a bare Express 5 hello-world, in its own process like the API. */
const app = express();
app.get('/', (_req, res) => void res.json({ hello: 'world' }));
const server = app.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`READY ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
