import type { Config } from '../../config';
import { DEFAULT_BILLING_CATALOGUE_PATH, loadBillingCatalogue, type BillingCatalogue, type GatewayName } from './catalogue';
import { DuitkuGateway } from './duitku';
import type { PaymentGateway } from './gateway';
import { StripeGateway } from './stripe';

/** The billing catalogue and the gateways this deployment has configured (none: buying answers 503). */
export interface Billing {
  catalogue: BillingCatalogue;
  gateways: Partial<Record<GatewayName, PaymentGateway>>;
  stripe: StripeGateway | null;
}

export function createBilling(config: Config, overrides: { catalogue?: BillingCatalogue; fetch?: typeof fetch } = {}): Billing {
  const catalogue = overrides.catalogue ?? loadBillingCatalogue(config.creditCataloguePath ?? DEFAULT_BILLING_CATALOGUE_PATH);
  const stripe = config.stripeSecretKey && config.stripeWebhookSecret ? new StripeGateway({ secretKey: config.stripeSecretKey, webhookSecret: config.stripeWebhookSecret, apiBase: config.stripeApiBase }) : null;
  const duitku =
    config.duitkuMerchantCode && config.duitkuApiKey
      ? new DuitkuGateway({ merchantCode: config.duitkuMerchantCode, apiKey: config.duitkuApiKey, baseUrl: config.duitkuBaseUrl, callbackUrl: `${config.publicBaseUrl}/billing/webhooks/duitku`, fetch: overrides.fetch })
      : null;
  return { catalogue, stripe, gateways: { ...(stripe ? { stripe } : {}), ...(duitku ? { duitku } : {}) } };
}
