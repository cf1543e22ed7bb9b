import crypto from 'node:crypto';
import { GatewayUnavailableError, SignatureError, type CheckoutRequest, type CheckoutResult, type GatewayEvent, type PaymentGateway } from './gateway';

/**
 * Duitku's POP API (Indonesian payment methods), as its official PHP library documents the wire
 * format (github.com/duitkupg/duitku-php, `Duitku/Pop.php`; docs.duitku.com/pop/en):
 *
 * - Create invoice: `POST {base}/api/merchant/createInvoice` with a JSON body (`paymentAmount`,
 *   `merchantOrderId`, `productDetails`, `email`, `callbackUrl`, `returnUrl`, `expiryPeriod`, …) and
 *   the headers `x-duitku-merchantcode`, `x-duitku-timestamp` (Unix milliseconds) and
 *   `x-duitku-signature` = hex SHA-256 of (merchantCode + timestamp + apiKey). The answer carries
 *   `reference`, `paymentUrl`, `statusCode` ("00") and `statusMessage`.
 * - Callback: `POST` to `callbackUrl`, `application/x-www-form-urlencoded`, with `merchantCode`,
 *   `amount`, `merchantOrderId`, `resultCode` ("00" paid), `reference`, `signature` = hex MD5 of
 *   (merchantCode + amount + merchantOrderId + apiKey), and more.
 *
 * Duitku's callback has no event id or timestamp: its id here is order + result + reference + amount, so a
 * repeated callback is the same event (stored once); there is no signed time to call it stale by.
 */
export interface DuitkuOptions {
  merchantCode: string;
  apiKey: string;
  baseUrl: string;
  /** Where Duitku sends the callback (this API's `/billing/webhooks/duitku`). */
  callbackUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const duitkuRequestSignature = (merchantCode: string, timestamp: string, apiKey: string) => crypto.createHash('sha256').update(merchantCode + timestamp + apiKey).digest('hex');
export const duitkuCallbackSignature = (merchantCode: string, amount: string, merchantOrderId: string, apiKey: string) =>
  crypto.createHash('md5').update(merchantCode + amount + merchantOrderId + apiKey).digest('hex');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export class DuitkuGateway implements PaymentGateway {
  readonly name = 'duitku' as const;
  constructor(private readonly opts: DuitkuOptions) {}

  async createCheckout(req: CheckoutRequest): Promise<CheckoutResult> {
    if (req.item.kind !== 'pack') throw new GatewayUnavailableError('Duitku sells credit packs only.');
    const timestamp = String(Date.now());
    const body = {
      paymentAmount: req.item.amount,
      merchantOrderId: req.orderId,
      productDetails: `${req.item.name} (${req.item.credits} credits)`,
      email: req.email ?? '',
      additionalParam: req.accountId,
      merchantUserInfo: req.accountId,
      callbackUrl: this.opts.callbackUrl,
      returnUrl: req.successUrl,
      expiryPeriod: 60,
      itemDetails: [{ name: req.item.name, price: req.item.amount, quantity: 1 }],
    };
    const doFetch = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(`${this.opts.baseUrl.replace(/\/$/, '')}/api/merchant/createInvoice`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-duitku-merchantcode': this.opts.merchantCode,
          'x-duitku-timestamp': timestamp,
          'x-duitku-signature': duitkuRequestSignature(this.opts.merchantCode, timestamp, this.opts.apiKey),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 20_000),
      });
    } catch (err) {
      throw new GatewayUnavailableError(`Duitku could not be reached: ${err instanceof Error ? err.message : String(err)}`);
    }
    const json = (await res.json().catch(() => null)) as { reference?: string; paymentUrl?: string; statusCode?: string; statusMessage?: string; Message?: string } | null;
    if (!res.ok || !json || json.statusCode !== '00' || !json.paymentUrl || !json.reference)
      throw new GatewayUnavailableError(`Duitku refused the invoice (HTTP ${res.status}${json?.statusMessage || json?.Message ? `: ${json.statusMessage ?? json.Message}` : ''}).`);
    return { id: json.reference, ref: req.orderId, url: json.paymentUrl, expiresAt: new Date(Date.now() + 60 * 60_000) };
  }

  parseEvent(rawBody: Buffer): GatewayEvent {
    const form = new URLSearchParams(rawBody.toString('utf8'));
    const field = (name: string) => form.get(name) ?? '';
    const merchantCode = field('merchantCode');
    const amount = field('amount');
    const orderId = field('merchantOrderId');
    const signature = field('signature');
    if (!signature || !orderId || !amount) throw new SignatureError('The callback lacks merchantOrderId, amount or signature.');
    if (merchantCode !== this.opts.merchantCode || !safeEqual(signature, duitkuCallbackSignature(merchantCode, amount, orderId, this.opts.apiKey)))
      throw new SignatureError('The callback signature does not match.');
    const resultCode = field('resultCode');
    const reference = field('reference');
    const base = { eventId: `${orderId}:${resultCode}:${reference}:${amount}`, type: `callback.${resultCode || 'none'}`, at: new Date() };
    if (resultCode !== '00') return { ...base, kind: 'ignored', reason: `resultCode ${resultCode}: not paid` };
    if (!/^\d+(\.0+)?$/.test(amount)) throw new SignatureError('The callback amount is not a whole number.');
    return {
      ...base,
      kind: 'payment_succeeded',
      payment: {
        ref: orderId,
        paymentIntent: null,
        accountId: field('additionalParam') || null,
        itemId: null,
        amount: Number.parseInt(amount, 10),
        currency: 'idr',
        customerId: null,
        receiptUrl: null,
        subscriptionId: null,
      },
    };
  }
}
