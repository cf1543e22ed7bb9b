import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * deploy/prometheus/alerts.yaml and deploy/grafana/lumiku-dashboard.json: well-formed, and every
 * lumiku_* metric they query is one the code exports (so a rename cannot silently blind an alert).
 * (`promtool check rules deploy/prometheus/alerts.yaml` checks the PromQL too, where Prometheus's
 * tools are installed; the suite does not depend on them.)
 */
const ROOT = path.join(__dirname, '..', '..');
const RULES = path.join(ROOT, 'deploy/prometheus/alerts.yaml');
const DASHBOARD = path.join(ROOT, 'deploy/grafana/lumiku-dashboard.json');

/** Metric names registered in the sources (`name: 'lumiku_…'` or `const name = 'lumiku_…'`). */
function exportedMetrics(): Set<string> {
  const out = execFileSync('grep', ['-rhoE', "name *[:=] *'lumiku_[a-z_]+'", 'api/src', 'workers/src'], { cwd: ROOT, encoding: 'utf8' });
  return new Set(out.split('\n').filter(Boolean).map((l) => /'(lumiku_[a-z_]+)'/.exec(l)![1]));
}
const base = (m: string) => m.replace(/_(bucket|count|sum)$/, '');
const referenced = (expr: string) => [...expr.matchAll(/\blumiku_[a-z_]+/g)].map((m) => base(m[0]));

describe('observability assets (deploy/prometheus, deploy/grafana)', () => {
  const exported = exportedMetrics();

  it('finds the exported metrics it checks against', () => {
    for (const m of ['lumiku_http_request_duration_seconds', 'lumiku_queue_depth', 'lumiku_queue_oldest_waiting_seconds']) assert.ok(exported.has(m), m);
  });

  it('alert rules: groups of named rules with an expression, a severity and a summary, on exported metrics only', () => {
    const doc = parse(fs.readFileSync(RULES, 'utf8'));
    assert.ok(Array.isArray(doc.groups) && doc.groups.length > 0);
    const names = new Set<string>();
    for (const group of doc.groups) {
      assert.equal(typeof group.name, 'string');
      assert.ok(Array.isArray(group.rules) && group.rules.length > 0, group.name);
      for (const rule of group.rules) {
        assert.match(rule.alert, /^Lumiku[A-Za-z]+$/);
        assert.ok(!names.has(rule.alert), `duplicate ${rule.alert}`);
        names.add(rule.alert);
        assert.equal(typeof rule.expr, 'string', rule.alert);
        if (rule.for !== undefined) assert.match(rule.for, /^\d+[smh]$/, rule.alert);
        assert.ok(['critical', 'warning'].includes(rule.labels?.severity), rule.alert);
        assert.ok(rule.annotations?.summary, rule.alert);
        for (const m of referenced(rule.expr)) assert.ok(exported.has(m), `${rule.alert} queries ${m}, which the code does not export`);
        // Balanced brackets: the commonest way to break an expression by hand.
        for (const [open, close] of ['()', '[]', '{}']) assert.equal(rule.expr.split(open).length, rule.expr.split(close).length, `${rule.alert} ${open}${close}`);
      }
    }
    for (const a of ['LumikuQueueBacklog', 'LumikuQueueStalled', 'LumikuApiHighErrorRate']) assert.ok(names.has(a), a);
  });

  it('the Grafana dashboard is importable JSON whose queries use exported metrics', () => {
    const dash = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8'));
    assert.equal(dash.uid, 'lumiku-overview');
    const ids = new Set<number>();
    const panels = dash.panels as any[];
    for (const p of panels) {
      assert.ok(!ids.has(p.id), `panel id ${p.id} repeated`);
      ids.add(p.id);
      assert.ok(p.gridPos && p.title, `panel ${p.id}`);
      for (const t of p.targets ?? []) for (const m of referenced(t.expr)) assert.ok(exported.has(m), `panel "${p.title}" queries ${m}`);
    }
    const queried = new Set(panels.flatMap((p) => (p.targets ?? []).flatMap((t: any) => referenced(t.expr))));
    for (const m of ['lumiku_queue_depth', 'lumiku_queue_oldest_waiting_seconds', 'lumiku_http_request_duration_seconds']) assert.ok(queried.has(m), m);
  });
});
