// List everything with auto-pagination (CommonJS: `require` works as well as `import`).
//   LUMIKU_API_KEY=lk_test_… [LUMIKU_BASE_URL=…] node examples/node/list-all.cjs
const { Lumiku } = require('@lumiku/sdk');

async function main() {
  const lumiku = new Lumiku();

  const byStatus = {};
  for await (const job of lumiku.jobs.list({ limit: 100 })) byStatus[job.status] = (byStatus[job.status] ?? 0) + 1;
  console.log('jobs by status:', JSON.stringify(byStatus));

  let files = 0;
  let bytes = 0;
  for await (const file of lumiku.files.list({ limit: 100 })) {
    files++;
    bytes += file.bytes;
  }
  console.log(`files: ${files} (${bytes} bytes)`);

  let charged = 0;
  for await (const txn of lumiku.creditTransactions.list({ limit: 100, type: 'capture' })) charged -= txn.amount;
  console.log(`credits charged: ${charged}`);

  for await (const key of lumiku.apiKeys.list()) console.log(`key ${key.name}: ${key.scopes.join(',')}${key.revoked ? ' (revoked)' : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
