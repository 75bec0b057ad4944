/**
 * Channel input as services take it, from the API or a form: a form's recipients arrive as one text
 * ("a@x.com, b@y.com" or one a line) and become a list; an edit names the channel and keeps its kind (a webhook
 * does not become an email list: delete and create instead). Validation is lib/alerts/channel-schema.ts's. Pure.
 */
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { type ChannelDefinition, type ChannelKind, channelOrThrow } from './channel-schema';

const recipientsOf = (value: unknown) =>
  typeof value === 'string'
    ? value
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : value;

function definitionInput(raw: Record<string, unknown>, kind: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { kind, name: raw.name };
  if (kind === 'email') out.to = recipientsOf(raw.to);
  else out.url = raw.url;
  return out;
}

const asRecord = (input: unknown): Record<string, unknown> =>
  input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};

export function channelCreateOrThrow(input: unknown, options: { allowPrivate: boolean }): ChannelDefinition {
  const raw = asRecord(input);
  return channelOrThrow(definitionInput(raw, raw.kind), options);
}

const idSchema = z.uuid('Unknown channel.');

export function channelIdOrThrow(input: unknown): string {
  const parsed = idSchema.safeParse(asRecord(input).id);
  if (!parsed.success) throw new AppError('bad_request:channel', 'Unknown channel.', { fields: { id: ['Unknown channel.'] } });
  return parsed.data;
}

/** The edited definition of a channel of kind `kind`. */
export function channelUpdateOrThrow(input: unknown, kind: ChannelKind, options: { allowPrivate: boolean }): ChannelDefinition {
  return channelOrThrow(definitionInput(asRecord(input), kind), options);
}

export function configOf(def: ChannelDefinition): { url: string } | { to: string[] } {
  return def.kind === 'email' ? { to: def.to } : { url: def.url };
}

/** What a channel points at, for lists: the URL's origin (Slack webhook paths are secrets) or the recipients. */
export function channelTarget(kind: ChannelKind, config: { url: string } | { to: string[] }): string {
  if ('to' in config) return config.to.join(', ');
  try {
    const url = new URL(config.url);
    return kind === 'slack' ? `${url.origin}/…` : `${url.origin}${url.pathname}`;
  } catch {
    return config.url;
  }
}
