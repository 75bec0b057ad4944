-- The user-set day grain as dashboards read it: its facts joined to their combinations (lib/ingest/rollup-grains.ts).
CREATE VIEW "usage_daily_user_sets" AS
SELECT f.project_id, f.day, f.user_id, c.mode, c.task, c.provider, c.model, c.tier, c.status, c.routing_rule_id, c.tags,
  f.requests, f.input_tokens, f.cache_read_tokens, f.output_tokens, f.cost_micros, f.cache_savings_micros, f.unpriced_requests, f.combo_id
-- Joined on the id alone: ids are unique across projects (the project is hashed in), and a join on the project too
-- let the planner misjudge tag filters into a nested loop of index scans.
FROM "usage_daily_user_facts" f JOIN "usage_combos" c ON c.id = f.combo_id;
--> statement-breakpoint
-- Filled from the raw events still kept (months retention already dropped have no user crosses), by local day of the
-- organisation's zone, with the write path's own statement (db/ingest/write-events.ts rebuildRollupSql). Tag maps too
-- long for a key (only possible before the 1 KB rule) are left out, as at ingest and in the tag-set grain.
with dailyUserSets_combos as (
  insert into usage_combos (project_id, id, mode, task, provider, model, tier, status, routing_rule_id, tags)
  select distinct on (project_id, cid) project_id, cid, coalesce(mode, ''), coalesce(task, ''), coalesce(provider, ''), coalesce(model, ''), coalesce(tier, ''), coalesce(status, ''), coalesce(routing_rule_id, ''), tags from (select usage_events.*, md5(concat_ws(',', project_id::text, to_json(coalesce(mode, ''))::text, to_json(coalesce(task, ''))::text, to_json(coalesce(provider, ''))::text, to_json(coalesce(model, ''))::text, to_json(coalesce(tier, ''))::text, to_json(coalesce(status, ''))::text, to_json(coalesce(routing_rule_id, ''))::text, tags::text))::uuid as cid from usage_events where octet_length(tags::text) <= 2000) e order by project_id, cid
  on conflict do nothing
  returning 1
),
dailyUserSets as (
  insert into usage_daily_user_facts as g (project_id, day, user_id, combo_id, requests, input_tokens, cache_read_tokens, output_tokens, cost_micros, cache_savings_micros, unpriced_requests)
  select project_id, (date_trunc('hour', occurred_at, 'UTC') at time zone (select coalesce((select value #>> '{}' from org_settings where key = 'time_zone'), 'UTC')))::date, coalesce(user_id, ''), cid, count(*), coalesce(sum(input_tokens), 0), coalesce(sum(cache_read_tokens), 0), coalesce(sum(output_tokens), 0), coalesce(sum(cost_micros), 0), coalesce(sum(cache_savings_micros), 0), count(*) filter (where cost_micros is null) from (select usage_events.*, md5(concat_ws(',', project_id::text, to_json(coalesce(mode, ''))::text, to_json(coalesce(task, ''))::text, to_json(coalesce(provider, ''))::text, to_json(coalesce(model, ''))::text, to_json(coalesce(tier, ''))::text, to_json(coalesce(status, ''))::text, to_json(coalesce(routing_rule_id, ''))::text, tags::text))::uuid as cid from usage_events where octet_length(tags::text) <= 2000) e
  group by 1, 2, 3, 4 order by 2, 1, 3, 4
  on conflict (project_id, day, user_id, combo_id) do update set requests = g.requests + excluded.requests, input_tokens = g.input_tokens + excluded.input_tokens, cache_read_tokens = g.cache_read_tokens + excluded.cache_read_tokens, output_tokens = g.output_tokens + excluded.output_tokens, cost_micros = g.cost_micros + excluded.cost_micros, cache_savings_micros = g.cache_savings_micros + excluded.cache_savings_micros, unpriced_requests = g.unpriced_requests + excluded.unpriced_requests
  returning 1
)
select (select count(*) from dailyUserSets_combos) + (select count(*) from dailyUserSets) as rows;
