/**
 * An alert channel as admins and members define it: a signed webhook, a Slack incoming webhook or email
 * recipients (DESIGN "Alerts and deliveries"). URLs pass the outbound guard at save time (lib/net/outbound-url.ts;
 * `allowPrivate` is the operator's switch) and again at connect time. A webhook's signing secret is not input: the
 * service generates it (lib/alerts/signing.ts) and shows it once. Refusals are `bad_request:channel` with fields.
 */
import { z } from 'zod';
import { AppError, fieldErrorsOf } from '@/lib/errors';
import { checkOutboundUrl } from '@/lib/net/outbound-url';

export const CHANNEL_KINDS = ['webhook', 'slack', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const MAX_EMAIL_RECIPIENTS = 20;

export type ChannelDefinition =
  | { kind: 'webhook'; name: string; url: string }
  | { kind: 'slack'; name: string; url: string }
  | { kind: 'email'; name: string; to: string[] };

export function channelInputSchema(options: { allowPrivate: boolean }) {
  const url = (kind: 'webhook' | 'slack') =>
    z.string({ error: 'Enter the URL.' }).superRefine((text, ctx) => {
      const check = checkOutboundUrl(text, { kind, allowPrivate: options.allowPrivate });
      if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message, params: { reason: check.reason } });
    });
  const name = z
    .string({ error: 'Give the channel a name.' })
    .trim()
    .min(1, 'Give the channel a name.')
    .max(100, 'At most 100 characters.');
  return z.discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('webhook'), name, url: url('webhook').transform((u) => new URL(u.trim()).href) }),
      z.strictObject({ kind: z.literal('slack'), name, url: url('slack').transform((u) => new URL(u.trim()).href) }),
      z.strictObject({
        kind: z.literal('email'),
        name,
        to: z
          .array(z.string().trim().toLowerCase().pipe(z.email('Not an email address.')), { error: 'A list of email addresses.' })
          .min(1, 'Add at least one recipient.')
          .max(MAX_EMAIL_RECIPIENTS, `At most ${MAX_EMAIL_RECIPIENTS} recipients.`)
          .transform((to) => [...new Set(to)]),
      }),
    ],
    { error: 'Choose webhook, slack or email.' },
  );
}

export function channelOrThrow(input: unknown, options: { allowPrivate: boolean }): ChannelDefinition {
  const parsed = channelInputSchema(options).safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError('bad_request:channel', 'Some fields of the channel are not valid.', { fields: fieldErrorsOf(parsed.error.issues) });
}
