-- The tag-set day grain moves to narrow rows of day and combination (usage_daily_tag_facts, sharing usage_combos with
-- the user-set grain), moved row for row from the table it replaces (exact, whatever retention dropped since), which
-- becomes a view of the same name and columns.
INSERT INTO "usage_combos" (project_id, id, mode, task, provider, model, tier, status, routing_rule_id, tags)
SELECT DISTINCT ON (project_id, cid) project_id, cid, mode, task, provider, model, tier, status, routing_rule_id, tags
FROM (SELECT t.*, md5(concat_ws(',', t.project_id::text, to_json(coalesce(t.mode, ''))::text, to_json(coalesce(t.task, ''))::text, to_json(coalesce(t.provider, ''))::text, to_json(coalesce(t.model, ''))::text, to_json(coalesce(t.tier, ''))::text, to_json(coalesce(t.status, ''))::text, to_json(coalesce(t.routing_rule_id, ''))::text, t.tags::text))::uuid AS cid FROM "usage_daily_tag_sets" t) e
ORDER BY project_id, cid
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "usage_daily_tag_facts" (project_id, day, combo_id, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum)
SELECT project_id, day, md5(concat_ws(',', t.project_id::text, to_json(coalesce(t.mode, ''))::text, to_json(coalesce(t.task, ''))::text, to_json(coalesce(t.provider, ''))::text, to_json(coalesce(t.model, ''))::text, to_json(coalesce(t.tier, ''))::text, to_json(coalesce(t.status, ''))::text, to_json(coalesce(t.routing_rule_id, ''))::text, t.tags::text))::uuid, requests, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_micros, cache_savings_micros, unpriced_requests, reported_cost_micros, cost_mismatches, latency_ms_sum
FROM "usage_daily_tag_sets" t ORDER BY day, project_id;
--> statement-breakpoint
DROP TABLE "usage_daily_tag_sets" CASCADE;
--> statement-breakpoint
-- Joined on the id alone, as usage_daily_user_sets (migration 0007).
CREATE VIEW "usage_daily_tag_sets" AS
SELECT f.project_id, f.day, c.mode, c.task, c.provider, c.model, c.tier, c.status, c.routing_rule_id, c.tags,
  f.requests, f.input_tokens, f.cache_read_tokens, f.cache_write_5m_tokens, f.cache_write_1h_tokens, f.output_tokens, f.reasoning_tokens, f.cost_micros, f.cache_savings_micros, f.unpriced_requests, f.reported_cost_micros, f.cost_mismatches, f.latency_ms_sum, f.combo_id
FROM "usage_daily_tag_facts" f JOIN "usage_combos" c ON c.id = f.combo_id;
