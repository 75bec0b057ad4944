-- Backfill of usage_daily_user_tags (grain dailyUserTags, lib/ingest/rollup-grains.ts; the write statement
-- maintains it from here on): each user-set day row (usage_daily_user_facts, every day since ingestion began,
-- whatever retention dropped since) counted once per tag of its combination's tag map, in the zone it is kept in.
insert into usage_daily_user_tags (project_id, day, tag_key, tag_value, user_id, requests, input_tokens, cache_read_tokens,
    output_tokens, cost_micros, cache_savings_micros, unpriced_requests)
select f.project_id, f.day, t.key, t.value, f.user_id, sum(f.requests), sum(f.input_tokens), sum(f.cache_read_tokens),
    sum(f.output_tokens), sum(f.cost_micros), sum(f.cache_savings_micros), sum(f.unpriced_requests)
  from usage_daily_user_facts f join usage_combos c on c.id = f.combo_id cross join lateral jsonb_each_text(c.tags) t
  group by 1, 2, 3, 4, 5 order by 2, 1, 3, 4, 5;

