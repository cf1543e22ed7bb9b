import { useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { APIError } from '@lumiku/sdk';
import type { Account } from '@lumiku/sdk';
import { formatCredits, formatDate, problemOf, type ListOf, type ShownProblem } from '../api';
import { useSession } from '../session';
import { Empty, Loading, PageTitle, ProblemMessage } from '../ui';
import { AutoTopUp } from './AutoTopUp';

interface Pack { id: string; name: string; credits: number; amount: number; currency: string; gateways: string[] }
interface Plan { id: string; name: string; amount: number; currency: string; interval: string; monthly_credits: number; gateways: string[] }
interface Subscription { plan: string | null; status: string; current_period_end: string | null; cancel_at_period_end: boolean }
interface Payment { id: string; kind: string; item: string; amount: number; currency: string; credits: number; status: string; receipt_url: string | null; created_at: string }
interface Transaction { id: string; type: string; amount: number; balance_after?: number; created_at: string; description?: string }

const money = (amount: number, currency: string) => new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);
const notConfigured = (err: unknown) => err instanceof APIError && err.code === 'billing_not_configured';

export default function Billing() {
  const { client, key, mode } = useSession();
  const get = <T,>(path: string, query?: Record<string, number>) => () => client.core.request<T>({ method: 'GET', path, query });
  const [account, packs, plans, subscription, payments, ledger] = useQueries({
    queries: [
      { queryKey: key('account'), queryFn: () => client.account.retrieve() as Promise<Account> },
      { queryKey: key('credit_packs'), queryFn: get<ListOf<Pack>>('/v1/credit_packs') },
      { queryKey: key('plans'), queryFn: get<ListOf<Plan>>('/v1/plans') },
      { queryKey: key('subscription'), queryFn: get<Subscription>('/v1/subscription') },
      { queryKey: key('payments'), queryFn: get<ListOf<Payment>>('/v1/payments', { limit: 20 }) },
      { queryKey: key('credit_transactions'), queryFn: get<ListOf<Transaction>>('/v1/credit_transactions', { limit: 20 }) },
    ],
  });
  const [problem, setProblem] = useState<ShownProblem | null>(null);
  const [buying, setBuying] = useState<string | null>(null);
  const buy = async (item: { pack: string } | { plan: string }) => {
    setProblem(null);
    setBuying(Object.values(item)[0]);
    try {
      const here = window.location.href.split('#')[0];
      const session = await client.core.request<{ url: string }>({ method: 'POST', path: '/v1/checkout_sessions', body: { ...item, success_url: `${here}?paid=1`, cancel_url: here } });
      window.location.assign(session.url);
    } catch (err) {
      setProblem(problemOf(err));
      setBuying(null);
    }
  };
  // No gateway at all: the catalogue lists nothing as sellable (or a list answers 503 billing_not_configured).
  const nothingSellable = !!packs.data && !!plans.data && [...packs.data.data, ...plans.data.data].every((i) => i.gateways.length === 0);
  const unconfigured = nothingSellable || [packs, plans, subscription].some((q) => notConfigured(q.error));
  return (
    <>
      <PageTitle>Billing</PageTitle>
      <ProblemMessage problem={problem} />
      {new URLSearchParams(window.location.search).get('paid') && <p role="status">Thank you: the credits appear as soon as the payment is confirmed.</p>}
      <p>
        Balance: <strong>{account.data ? `${formatCredits(account.data.balance)} credits` : '…'}</strong> · Plan: <strong>{account.data?.plan ?? '…'}</strong>
        {account.data?.restricted && <span className="field-error"> — restricted until the balance is positive again</span>}
      </p>
      {mode === 'test' && <p className="muted">Buying uses live mode: credits and payments belong to the organization, not to a mode.</p>}
      {unconfigured ? (
        <p className="notice">Buying is not available: this platform has no payment gateway configured.</p>
      ) : (
        <>
          <h2>Credit packs</h2>
          {packs.isPending ? <Loading what="credit packs" /> : packs.isError ? <p role="alert">{problemOf(packs.error).message}</p> : packs.data.data.length === 0 ? <Empty>No packs on sale.</Empty> : (
            <div className="cards">
              {packs.data.data.map((p) => (
                <div key={p.id} className="card">
                  <h3>{p.name}</h3>
                  <p>{formatCredits(p.credits)} credits · {money(p.amount, p.currency)}</p>
                  <button type="button" disabled={buying !== null} onClick={() => void buy({ pack: p.id })}>{buying === p.id ? 'Opening checkout…' : `Buy ${p.name}`}</button>
                </div>
              ))}
            </div>
          )}
          <h2>Plans</h2>
          {plans.isPending ? <Loading what="plans" /> : plans.isError ? <p role="alert">{problemOf(plans.error).message}</p> : (
            <div className="cards">
              {plans.data.data.map((p) => (
                <div key={p.id} className="card">
                  <h3>{p.name}</h3>
                  <p>{formatCredits(p.monthly_credits)} credits a month · {money(p.amount, p.currency)} per {p.interval}</p>
                  <button type="button" className="secondary" disabled={buying !== null} onClick={() => void buy({ plan: p.id })}>Subscribe to {p.name}</button>
                </div>
              ))}
            </div>
          )}
          <h2>Subscription</h2>
          {subscription.data ? <p>{subscription.data.plan ?? 'No plan'} — {subscription.data.status}{subscription.data.current_period_end && `, renews ${formatDate(subscription.data.current_period_end)}`}{subscription.data.cancel_at_period_end && ' (ends then)'}</p> : subscription.isPending ? <Loading what="the subscription" /> : <p className="muted">{problemOf(subscription.error).message}</p>}
        </>
      )}
      <AutoTopUp account={account.data} packs={packs.data?.data} unconfigured={unconfigured} />
      <h2>Payments</h2>
      {payments.isPending ? <Loading what="payments" /> : payments.isError ? <p className="muted">{problemOf(payments.error).message}</p> : payments.data.data.length === 0 ? <Empty>No payments yet.</Empty> : (
        <ul>{payments.data.data.map((p) => <li key={p.id}>{formatDate(p.created_at)} {p.item}: {money(p.amount, p.currency)}, {p.credits} credits — {p.status} {p.receipt_url && <a href={p.receipt_url}>receipt</a>}</li>)}</ul>
      )}
      <h2>Ledger</h2>
      {ledger.isPending ? <Loading what="the ledger" /> : ledger.isError ? <p className="muted">{problemOf(ledger.error).message}</p> : ledger.data.data.length === 0 ? <Empty>No credit transactions{mode === 'test' ? ' (the ledger is live only)' : ''}.</Empty> : (
        <div className="table-wrap"><table data-testid="ledger">
          <caption className="visually-hidden">Credit transactions</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Type</th><th scope="col">Amount</th></tr></thead>
          <tbody>{ledger.data.data.map((t) => <tr key={t.id}><td>{formatDate(t.created_at)}</td><td>{t.type}</td><td>{t.amount}</td></tr>)}</tbody>
        </table></div>
      )}
    </>
  );
}
