import { useEffect, useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Account } from '@lumiku/sdk';
import { formatCredits } from '../api';
import { useSession } from '../session';
import { Field, ProblemMessage, useProblem } from '../ui';

export interface AutoTopUpPack { id: string; name: string; credits: number; gateways: string[] }

/**
 * Auto top-up (`PUT` / `DELETE /v1/auto_top_up`; the current setting is the account's `auto_top_up`).
 * It buys live credits with the card saved at checkout: in test mode, or with no gateway configured,
 * only the current setting and why it cannot be changed are shown.
 */
export function AutoTopUp({ account, packs, unconfigured }: { account: Account | undefined; packs: AutoTopUpPack[] | undefined; unconfigured: boolean }) {
  const { client, key, mode } = useSession();
  const queryClient = useQueryClient();
  const problem = useProblem();
  const current = account?.auto_top_up ?? null;
  const stripePacks = (packs ?? []).filter((p) => p.gateways.includes('stripe'));
  const [threshold, setThreshold] = useState('');
  const [pack, setPack] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const packId = useId();
  useEffect(() => {
    if (current) {
      setThreshold(String(current.threshold));
      setPack(current.pack);
    }
  }, [current?.threshold, current?.pack]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!pack && stripePacks[0]) setPack(stripePacks[0].id);
  }, [pack, stripePacks]);

  const refused = problem.problem?.code === 'billing_not_configured' || problem.problem?.code === 'livemode_mismatch';
  const state = current ? (
    <p data-testid="auto-top-up-state">
      Auto top-up is <strong>on</strong>: when the live balance falls below {formatCredits(current.threshold)} credits, {current.pack} is bought.
    </p>
  ) : (
    <p data-testid="auto-top-up-state">
      Auto top-up is <strong>off</strong>.
    </p>
  );
  const send = async (method: 'PUT' | 'DELETE') => {
    problem.clear();
    setSaved(null);
    setBusy(true);
    try {
      if (method === 'PUT') await client.core.request({ method: 'PUT', path: '/v1/auto_top_up', body: { threshold: Number(threshold), pack } });
      else await client.core.request({ method: 'DELETE', path: '/v1/auto_top_up' });
      await queryClient.invalidateQueries({ queryKey: key('account') });
      setSaved(method === 'PUT' ? 'Auto top-up saved.' : 'Auto top-up turned off.');
    } catch (err) {
      problem.set(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="auto-top-up-h" data-testid="auto-top-up">
      <h2 id="auto-top-up-h">Auto top-up</h2>
      {account && state}
      {unconfigured || problem.problem?.code === 'billing_not_configured' ? (
        <p className="notice">Auto top-up is not available: this platform has no payment gateway configured.</p>
      ) : packs && stripePacks.length === 0 ? (
        <p className="notice">Auto top-up is not available: it charges a card saved through Stripe, and no credit pack is sold through Stripe here.</p>
      ) : mode === 'test' || problem.problem?.code === 'livemode_mismatch' ? (
        <p className="notice">Auto top-up buys live credits: switch to live mode to change it.</p>
      ) : (
        <form aria-label="Auto top-up" noValidate onSubmit={(e) => (e.preventDefault(), void send('PUT'))}>
          <p className="muted">Buys a pack with the card saved at your first checkout whenever a job leaves the live balance below the threshold.</p>
          <div className="row">
            <Field label="Threshold (credits)" name="threshold" type="number" min={1} step={1} required value={threshold} onChange={(e) => setThreshold(e.target.value)} error={problem.field('threshold')} />
            <div className="field">
              <label htmlFor={packId}>Pack to buy</label>
              <select id={packId} name="pack" value={pack} onChange={(e) => setPack(e.target.value)} aria-invalid={problem.field('pack') ? true : undefined} aria-describedby={problem.field('pack') ? `${packId}-error` : undefined}>
                {stripePacks.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({formatCredits(p.credits)} credits)
                  </option>
                ))}
              </select>
              {problem.field('pack') && (
                <small id={`${packId}-error`} className="field-error" role="alert">
                  {problem.field('pack')}
                </small>
              )}
            </div>
          </div>
          {!refused && problem.problem && !problem.field('threshold') && !problem.field('pack') && <ProblemMessage problem={problem.problem} />}
          {saved && <p role="status">{saved}</p>}
          <div className="row">
            <button type="submit" disabled={busy || !pack}>
              {current ? 'Save auto top-up' : 'Turn on auto top-up'}
            </button>
            {current && (
              <button type="button" className="secondary" disabled={busy} onClick={() => void send('DELETE')}>
                Turn off auto top-up
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
