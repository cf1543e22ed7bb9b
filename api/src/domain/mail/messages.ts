import type { MailMessage } from './mailer';

/**
 * The emails people get, each as plain text and HTML (the same words). Links are the dashboard's
 * pages; a link's token travels in the fragment (`#token=…`), which browsers send to no server, so
 * it stays out of access logs and Referer headers.
 */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

interface Paragraphs {
  to: string;
  subject: string;
  greeting: string;
  lines: string[];
  action?: { label: string; url: string };
  more?: { label: string; url: string }[];
  footer: string;
}

function compose(p: Paragraphs): MailMessage {
  const actions = [...(p.action ? [p.action] : []), ...(p.more ?? [])];
  const text = [p.greeting, '', ...p.lines.flatMap((l) => [l, '']), ...actions.flatMap((a) => [`${a.label}:`, a.url, '']), p.footer, ''].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escape(p.greeting)}</p>`,
    ...p.lines.map((l) => `<p>${escape(l)}</p>`),
    ...actions.map((a) => `<p><a href="${escape(a.url)}">${escape(a.label)}</a><br><span style="color:#666">${escape(a.url)}</span></p>`),
    `<p style="color:#666">${escape(p.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: p.to, subject: p.subject, text, html, links: actions.map((a) => a.url) };
}

const SIGNATURE = 'If you did not ask for this, you can ignore this email.';

export function verificationEmail(to: string, name: string, link: string, validHours: number): MailMessage {
  return compose({
    to,
    subject: 'Confirm your email for Lumiku',
    greeting: `Hello ${name},`,
    lines: ['Welcome to Lumiku. Confirm that this is your email address to finish signing up. Your organization and a test API key are ready; the key is shown once, when you confirm.', `The link works once and for ${validHours} hours.`],
    action: { label: 'Confirm your email', url: link },
    footer: SIGNATURE,
  });
}

/** Sent instead of a verification when someone signs up with an address that already has an account. */
export function accountExistsEmail(to: string, signInLink: string, resetLink: string): MailMessage {
  return compose({
    to,
    subject: 'You already have a Lumiku account',
    greeting: 'Hello,',
    lines: ['Someone (probably you) tried to sign up for Lumiku with this email address, but an account with this address already exists. No new account was made.', 'Sign in instead, or reset your password if you have forgotten it.'],
    action: { label: 'Sign in', url: signInLink },
    more: [{ label: 'Reset your password', url: resetLink }],
    footer: SIGNATURE,
  });
}

export function passwordResetEmail(to: string, link: string, validHours: number): MailMessage {
  return compose({
    to,
    subject: 'Reset your Lumiku password',
    greeting: 'Hello,',
    lines: [`Someone asked to reset the password of the Lumiku account with this address. The link works once and for ${validHours} hour${validHours === 1 ? '' : 's'}; using it signs you out everywhere.`],
    action: { label: 'Choose a new password', url: link },
    footer: SIGNATURE,
  });
}

export function invitationEmail(to: string, input: { organization: string; inviter: string | null; role: string; link: string; validDays: number }): MailMessage {
  return compose({
    to,
    subject: `You are invited to ${input.organization} on Lumiku`,
    greeting: 'Hello,',
    lines: [
      `${input.inviter ?? 'An administrator'} invited you to join ${input.organization} on Lumiku as ${/^[aeiou]/.test(input.role) ? 'an' : 'a'} ${input.role}.`,
      `The link works once and for ${input.validDays} days. If you have no Lumiku account yet, you will choose a password when you accept.`,
    ],
    action: { label: 'Accept the invitation', url: input.link },
    footer: 'If you did not expect this invitation, you can ignore this email.',
  });
}
