CREATE INDEX "usage_daily_day_brin" ON "usage_daily" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);--> statement-breakpoint
CREATE INDEX "usage_daily_models_day_brin" ON "usage_daily_models" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);--> statement-breakpoint
CREATE INDEX "usage_daily_user_modes_day_brin" ON "usage_daily_user_modes" USING brin ("day") WITH (pages_per_range=32,autosummarize=true);--> statement-breakpoint
CREATE INDEX "usage_events_occurred_at_brin" ON "usage_events" USING brin ("occurred_at") WITH (pages_per_range=32,autosummarize=true);--> statement-breakpoint
CREATE INDEX "usage_hourly_hour_brin" ON "usage_hourly" USING brin ("hour") WITH (pages_per_range=32,autosummarize=true);--> statement-breakpoint
CREATE INDEX "usage_hourly_tags_hour_brin" ON "usage_hourly_tags" USING brin ("hour") WITH (pages_per_range=32,autosummarize=true);--> statement-breakpoint
CREATE INDEX "usage_hourly_users_hour_brin" ON "usage_hourly_users" USING brin ("hour") WITH (pages_per_range=32,autosummarize=true);