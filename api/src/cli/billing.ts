import { Command, InvalidArgumentError } from 'commander';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../config';
import { createBilling } from '../domain/billing';
import { GATEWAYS, type GatewayName } from '../domain/billing/catalogue';
import { reconcile } from '../domain/billing/reconcile';

/** `lumiku billing …`: operator commands about payments. */
export function billingCommand(withDb: <T>(fn: (db: Sequelize) => Promise<T>) => Promise<T>, out: (value: unknown) => void): Command {
  const billing = new Command('billing').description('payments through the gateways');
  billing
    .command('reconcile')
    .description(
      "compare our payments, payment events and ledger with the gateway's list of payments and print every difference (missing_here, missing_there, amount_mismatch, not_granted, ledger_missing); exits 1 when any is left. Writes nothing unless --fix",
    )
    .requiredOption('--since <time>', 'ISO 8601 date or time: payments made at or after it')
    .option('--gateway <name>', `${GATEWAYS.join(' | ')}`, 'stripe')
    .option('--fix', 'grant the paid payments that were never granted (missing_here, not_granted), once, through the same path as the webhooks')
    .action((opts: { since: string; gateway: string; fix?: boolean }) =>
      withDb(async (db) => {
        const since = new Date(opts.since);
        if (Number.isNaN(since.getTime())) throw new InvalidArgumentError('--since takes an ISO 8601 date or time');
        if (!(GATEWAYS as readonly string[]).includes(opts.gateway)) throw new InvalidArgumentError(`unknown gateway ${opts.gateway}`);
        const { catalogue, gateways } = createBilling(loadConfig());
        const gateway = gateways[opts.gateway as GatewayName];
        if (!gateway) throw new Error(`The ${opts.gateway} gateway is not configured (set its keys, e.g. STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).`);
        const report = await reconcile({ db, catalogue, gateway }, { since, fix: !!opts.fix });
        out(report);
        if (report.differences.some((d) => d.fix !== 'granted' && d.fix !== 'already applied by an earlier fix')) process.exitCode = 1;
      }),
    );
  return billing;
}
