/**
 * Fails (exit 1) when the generated files in git are not what the generators produce now.
 *
 * Runs scripts/generate.ts, then compares the generated paths (see GENERATED_PATHS) in the working
 * tree with git's index, which on a fresh clone is the committed tree:
 *   - a tracked file that now differs or was deleted    → the committed copy is stale
 *   - an untracked file that appeared                   → a new generated file was never committed
 * It also reports files the run itself rewrote, so a hand edit to a generated file is reported
 * even while it is still uncommitted (the generator has overwritten it by then).
 *
 *   npx tsx scripts/check-generated.ts
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generate, GENERATED_PATHS, ROOT } from './generate';

const MAX_DIFF_LINES = 200;

function git(args: string[]): string {
  return execFileSync('git', ['-c', 'core.quotePath=false', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Tracked and untracked (not ignored) files under the generated paths, with a hash of their content. */
function snapshot(): Map<string, string> {
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...GENERATED_PATHS]).split('\0').filter(Boolean);
  const hashes = new Map<string, string>();
  for (const file of new Set(files)) {
    const abs = path.join(ROOT, file);
    if (!fs.existsSync(abs)) continue; // tracked but deleted in the working tree
    hashes.set(file, crypto.createHash('sha1').update(fs.readFileSync(abs)).digest('hex'));
  }
  return hashes;
}

/** `git status` entries under the generated paths whose working-tree side differs from the index. */
function unstagedChanges(): { code: string; file: string }[] {
  const out = git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...GENERATED_PATHS]);
  const entries: { code: string; file: string }[] = [];
  const fields = out.split('\0');
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (!field) continue;
    const [x, y] = [field[0], field[1]];
    const file = field.slice(3);
    if (x === 'R' || x === 'C') i++; // renames and copies carry the original path in the next field
    if (x === '?' && y === '?') entries.push({ code: '??', file });
    else if (y !== ' ') entries.push({ code: ` ${y}`, file });
  }
  return entries;
}

async function main() {
  const started = performance.now();
  try {
    git(['rev-parse', '--is-inside-work-tree']);
  } catch {
    console.error('check-generated: not inside a git work tree');
    process.exit(1);
  }

  const before = snapshot();
  await generate({ quiet: true });
  const after = snapshot();

  const stale = unstagedChanges();
  const staleFiles = new Set(stale.map((entry) => entry.file));
  const rewritten = [...new Set([...before.keys(), ...after.keys()])]
    .filter((file) => before.get(file) !== after.get(file) && !staleFiles.has(file))
    .sort();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  if (!rewritten.length && !stale.length) {
    console.log(`check-generated: generated files are up to date (${seconds}s)`);
    return;
  }

  console.error(`check-generated: generated files are out of date (${seconds}s)\n`);
  if (stale.length) {
    console.error('Differ from what is committed (git status, working tree vs index):');
    for (const { code, file } of stale) console.error(`  ${code} ${file}${code === '??' ? '  (untracked: commit it, or delete it if no generator writes it)' : ''}`);
  }
  if (rewritten.length) {
    if (stale.length) console.error('');
    console.error('Rewritten or removed by this run (uncommitted edits to them are gone):');
    for (const file of rewritten) console.error(`  ${file}`);
  }

  const diff = git(['diff', '--no-color', '--', ...GENERATED_PATHS]);
  if (diff) {
    const lines = diff.split('\n');
    console.error('');
    console.error(git(['diff', '--no-color', '--stat', '--', ...GENERATED_PATHS]));
    console.error(lines.slice(0, MAX_DIFF_LINES).join('\n'));
    if (lines.length > MAX_DIFF_LINES) console.error(`… ${lines.length - MAX_DIFF_LINES} more diff lines`);
  }
  console.error('\nRegenerate with `npm run generate` (scripts/generate.ts), review, and commit the generated files.');
  process.exitCode = 1;
}

main().catch((err) => {
  console.error('check-generated failed:', err);
  process.exit(1);
});
