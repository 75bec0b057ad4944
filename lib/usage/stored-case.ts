/**
 * Dimensions whose values ingestion lower-cases (lib/ingest/event-schema.ts): a typed value matches them,
 * in any case, once lower-cased, with no look-up. The others (user, model, tier, routing rule, tags) are
 * stored as sent, so a typed value is matched against the stored spellings first.
 */
import type { FilterDimension } from './explorer-state';

export const STORED_LOWER_CASE: readonly FilterDimension[] = ['mode', 'task', 'provider', 'status'];
