#!/usr/bin/env node
// The operator CLI (`npx lumiku …`) from the compiled sources in dist/: what the image runs for
// `migrate` and `lumiku …` (bin/lumiku.js runs the TypeScript sources through tsx instead).
const path = require('node:path');
require(path.join(__dirname, '../../dist/api/src/cli/main.js'))
  .buildCli()
  .parseAsync(process.argv)
  .catch((err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
