// The SDK's version is the API's: `info.version` of the spec (openapi/openapi.json), written into
// package.json and src/version.ts (the `VERSION` the client sends in its User-Agent).
//
//   node sdk-js/scripts/sync-version.mjs           write both from the spec
//   node sdk-js/scripts/sync-version.mjs --check   exit 1 if either differs from the spec (the build runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const SPEC_FILE = join(pkgDir, '..', 'openapi', 'openapi.json');
export const PACKAGE_FILE = join(pkgDir, 'package.json');
export const VERSION_FILE = join(pkgDir, 'src', 'version.ts');
/** Semantic Versioning 2.0.0 (https://semver.org), without build metadata. */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?$/;

export function specVersion() {
  const version = JSON.parse(readFileSync(SPEC_FILE, 'utf8')).info?.version;
  if (typeof version !== 'string' || !SEMVER.test(version)) throw new Error(`info.version of ${SPEC_FILE} is ${JSON.stringify(version)}, not a semantic version (x.y.z)`);
  return version;
}

export const versionSource = (version) =>
  `// Written by sdk-js/scripts/sync-version.mjs from the spec's info.version (openapi/openapi.json).\n// Do not edit: change the spec's version and run \`npm run sync-version -w sdk-js\`.\n\n/** The SDK's version: the API version it was generated from. */\nexport const VERSION = '${version}';\n`;

/** What differs from the spec: [] when package.json and src/version.ts both carry its version. */
export function drift() {
  const version = specVersion();
  const problems = [];
  const pkg = JSON.parse(readFileSync(PACKAGE_FILE, 'utf8'));
  if (pkg.version !== version) problems.push(`sdk-js/package.json has version ${pkg.version}, the spec ${version}`);
  let source = '';
  try {
    source = readFileSync(VERSION_FILE, 'utf8');
  } catch {}
  if (source !== versionSource(version)) problems.push(`sdk-js/src/version.ts does not say VERSION = '${version}'`);
  return problems;
}

export function sync() {
  const version = specVersion();
  const text = readFileSync(PACKAGE_FILE, 'utf8');
  const pkg = JSON.parse(text);
  if (pkg.version !== version) writeFileSync(PACKAGE_FILE, text.replace(/("version"\s*:\s*)"[^"]*"/, `$1"${version}"`));
  writeFileSync(VERSION_FILE, versionSource(version));
  return version;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const problems = drift();
    if (problems.length) {
      console.error(`${problems.join('\n')}\nRun: npm run sync-version -w sdk-js`);
      process.exit(1);
    }
  } else console.log(`@lumiku/sdk ${sync()}`);
}
