#!/usr/bin/env node
// Operator CLI entry: loads the TypeScript sources through tsx.
require('tsx/cjs');
require('../api/src/cli/main.ts')
  .buildCli()
  .parseAsync(process.argv)
  .catch((err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
