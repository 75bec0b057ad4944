-- Filled from the raw events still kept (months retention already dropped have no user crosses), by local day of
-- the organisation's zone, as the write path sums it (db/ingest/write-events.ts grainSelect). Tag maps too long for a
-- key (only possible before the 1 KB rule) are left out, as at ingest and in the tag-set grain.
INSERT INTO "usage_daily_user_sets" (project_id, day, user_id, mode, task, provider, model, tier, status, routing_rule_id, tags,
  requests, input_tokens, cache_read_tokens, output_tokens, cost_micros, cache_savings_micros, unpriced_requests)
SELECT project_id,
  (date_trunc('hour', occurred_at, 'UTC') at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date,
  coalesce(user_id, ''), coalesce(mode, ''), coalesce(task, ''), coalesce(provider, ''), coalesce(model, ''), coalesce(tier, ''),
  coalesce(status, ''), coalesce(routing_rule_id, ''), tags,
  count(*), coalesce(sum(input_tokens), 0), coalesce(sum(cache_read_tokens), 0), coalesce(sum(output_tokens), 0),
  coalesce(sum(cost_micros), 0), coalesce(sum(cache_savings_micros), 0), count(*) filter (where cost_micros is null)
FROM usage_events WHERE octet_length(tags::text) <= 2000
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ORDER BY 2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11;
