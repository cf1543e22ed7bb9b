/**
 * Builds the dashboard (vite build → dashboard/dist) when the build is missing or older than its
 * sources: dashboard/src, index.html, vite.config.ts, package.json and the SDK's sources (the
 * dashboard imports them directly). `npm start` and the browser tests call it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const DASHBOARD_DIR = path.resolve(__dirname, '..');
const REPO = path.resolve(DASHBOARD_DIR, '..');

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Why a build is needed (missing, or which is newer), or null when dist is current. */
export function dashboardStaleness(): string | null {
  const index = path.join(DASHBOARD_DIR, 'dist', 'index.html');
  if (!fs.existsSync(index)) return 'no build yet';
  const built = fs.statSync(index).mtimeMs;
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(DASHBOARD_DIR, p)).concat(path.join(REPO, 'sdk-js', 'src'));
  const newer = sources.find((s) => newestMtime(s) > built);
  return newer ? `${path.relative(REPO, newer)} changed since the last build` : null;
}

/** Builds when stale; throws with vite's output when the build fails. Returns whether it built. */
export function ensureDashboardBuilt(log: (line: string) => void = () => {}): boolean {
  const reason = dashboardStaleness();
  if (!reason) return false;
  log(`building the dashboard (${reason})…`);
  const vite = path.join(path.dirname(require.resolve('vite/package.json', { paths: [DASHBOARD_DIR] })), 'bin', 'vite.js');
  const out = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: DASHBOARD_DIR, encoding: 'utf8', timeout: 300_000 });
  if (out.status !== 0) throw new Error(`dashboard build failed:\n${out.stdout}\n${out.stderr}`);
  log('dashboard built');
  return true;
}
