'use strict';

const { version: platformVersion } = require('zapier-platform-core');
const { version } = require('./package.json');
const authentication = require('./lib/authentication');
const { addAuth, throwProblems } = require('./lib/http');
const { triggers } = require('./lib/triggers');
const { creates } = require('./lib/creates');
const { searches } = require('./lib/searches');

const byKey = (list) => Object.fromEntries(list.map((item) => [item.key, item]));

module.exports = {
  version,
  platformVersion,
  // Every request goes through z.request (logged by Zapier already); patching Node's http module
  // would also rewrite other code's requests in the same process.
  flags: { skipHttpPatch: true },
  authentication,
  beforeRequest: [addAuth],
  afterResponse: [throwProblems],
  triggers: byKey(triggers),
  creates: byKey(creates),
  searches: byKey(searches),
};
