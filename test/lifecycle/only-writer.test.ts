import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

/*
 * `api/src/domain/jobs/lifecycle.ts` is the only writer of a job's state (ARCHITECTURE.md, "The job
 * lifecycle"). Checked on the source: no other module of the API, the workers or the scripts may
 * write the `jobs` table in SQL; the jobs repository may, but never its `status`, and only the
 * lifecycle may insert jobs (the repository's `insertJob`).
 */

const ROOT = path.resolve(__dirname, '../..');
const SCANNED = ['api/src', 'workers/src', 'scripts'];
const LIFECYCLE = 'api/src/domain/jobs/lifecycle.ts';
const REPOSITORY = 'api/src/domain/jobs/repository.ts';

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(rel);
    return /\.(ts|js|mjs|cjs|sql)$/.test(e.name) ? [rel] : [];
  });
}

/** Every SQL write of the `jobs` table in `text` (UPDATE / INSERT INTO / DELETE FROM, any case, spacing or alias). */
export function jobsWrites(text: string): { kind: string; statement: string }[] {
  const found: { kind: string; statement: string }[] = [];
  const re = /\b(update|insert\s+into|delete\s+from|merge\s+into)\s+(?:only\s+)?(?:"?public"?\.)?"?jobs"?(?![\w"])/gi;
  for (const m of text.matchAll(re)) {
    // SQL here is written in template literals: the statement runs to the closing backtick.
    const rest = text.slice(m.index!);
    const end = rest.indexOf('`');
    found.push({ kind: m[1].toLowerCase().replace(/\s+/g, ' '), statement: rest.slice(0, end === -1 ? 600 : Math.min(end, 2000)) });
  }
  return found;
}

/** Whether an UPDATE statement sets `status` (as a column of the SET list, not in its WHERE). */
export function setsStatus(statement: string): boolean {
  const set = /\bset\b([\s\S]*?)(?:\bwhere\b|\breturning\b|\bfrom\b|$)/i.exec(statement)?.[1] ?? '';
  return /(^|[\s,(])"?status"?\s*=/i.test(set);
}

describe('the job lifecycle is the only writer of job state', () => {
  it('when the checks read a state write, then they see it (so a violation would fail)', () => {
    const old = "await db.query(`UPDATE jobs SET status = 'queued', progress_stage = 'requeued' WHERE id = :id AND status = 'processing'`, {})";
    assert.deepEqual(jobsWrites(old).map((w) => w.kind), ['update']);
    assert.ok(setsStatus(jobsWrites(old)[0].statement));
    assert.equal(jobsWrites('`update  public.jobs j set progress_fraction = 1`').length, 1);
    assert.equal(jobsWrites('`INSERT INTO jobs (id) VALUES (:id)`')[0].kind, 'insert into');
    assert.equal(jobsWrites('`UPDATE job_items SET status = 1`').length + jobsWrites('`INSERT INTO job_outputs`').length + jobsWrites('`FROM jobs WHERE`').length, 0);
    assert.ok(!setsStatus("UPDATE jobs SET metadata = :m WHERE id = :id AND status = 'queued'"));
    assert.ok(setsStatus('UPDATE jobs SET updated_at = now(), status = :status WHERE id = :id'));
  });

  it('when the API, workers and scripts are scanned, then only the lifecycle and the repository write jobs, and the repository never its status', () => {
    const files = SCANNED.flatMap(sources);
    assert.ok(files.includes(LIFECYCLE) && files.includes(REPOSITORY) && files.length > 50, 'the scan sees the source');
    const offenders: string[] = [];
    for (const file of files) {
      const writes = jobsWrites(fs.readFileSync(path.join(ROOT, file), 'utf8'));
      if (file === LIFECYCLE) continue;
      if (file === REPOSITORY) {
        for (const w of writes) if (w.kind !== 'update' && w.kind !== 'insert into') offenders.push(`${file}: ${w.statement.slice(0, 120)}`);
        for (const w of writes) if (w.kind === 'update' && setsStatus(w.statement)) offenders.push(`${file} sets status: ${w.statement.slice(0, 120)}`);
        continue;
      }
      for (const w of writes) offenders.push(`${file}: ${w.statement.slice(0, 120)}`);
    }
    assert.deepEqual(offenders, [], 'job rows are written outside domain/jobs/lifecycle.ts');
  });

  it('when jobs are inserted, then only through the lifecycle (create: the hold, the row and its queued event together)', () => {
    const callers = SCANNED.flatMap(sources).filter((f) => f !== REPOSITORY && /\binsertJob\s*\(/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(callers, [LIFECYCLE]);
  });

  it('when the lifecycle writes status, then it also records a state event in the same module', () => {
    const text = fs.readFileSync(path.join(ROOT, LIFECYCLE), 'utf8');
    const statusWrites = jobsWrites(text).filter((w) => w.kind === 'insert into' || setsStatus(w.statement));
    assert.ok(statusWrites.length >= 5, 'create, claim, succeed, end without outputs, requeue, cancel queued');
    assert.ok(!/\bimport\b[^;]*from\s+['"][^'"]*services\//.test(text), 'the domain does not import services');
  });
});
