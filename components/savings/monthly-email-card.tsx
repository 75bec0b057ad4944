'use client';

import { createSavingsScheduleAction, deleteSavingsScheduleAction } from '@/app/(app)/reports/actions';
import { Card } from '@/components/ui/card';
import { FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export interface ScheduleRow {
  id: string;
  channelName: string;
  baseline: string;
  projects: string[];
  lastSend: { month: string; status: string; detail: string | null } | null;
}

/** Admins: e-mail this report (its baseline and projects) every month to an email alert channel's recipients. */
export function MonthlyEmailCard({
  channels,
  schedules,
  baseline,
  projects,
}: {
  channels: { id: string; name: string }[];
  schedules: ScheduleRow[];
  baseline: string;
  projects: string[];
}) {
  const create = useFormAction(createSavingsScheduleAction);
  const remove = useFormAction(deleteSavingsScheduleAction);
  return (
    <Card title="Monthly e-mail" description="The last whole month's report, sent once a month to an email channel's recipients.">
      <div className="space-y-3 px-5 py-3 text-sm">
        {channels.length === 0 ? (
          <p className="text-slate-600">Add an email channel in Settings → Channels first.</p>
        ) : (
          <form onSubmit={create.onSubmit} className="flex flex-wrap items-end gap-2" data-testid="savings-schedule-form">
            <input type="hidden" name="baseline" value={baseline} />
            <input type="hidden" name="projects" value={projects.join(' ')} />
            <label className="flex flex-col gap-1">
              <span className="font-medium text-slate-700">Send this report to</span>
              <select name="channelId" className="rounded border border-slate-300 px-2 py-1">
                {channels.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={create.pending} className="rounded bg-slate-900 px-3 py-1.5 font-medium text-white">
              E-mail monthly
            </button>
            <FormMessage state={create.state} success="Scheduled." />
          </form>
        )}
        {schedules.length > 0 ? (
          <ul className="divide-y divide-slate-100">
            {schedules.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {s.channelName}: baseline {s.baseline}
                  {s.projects.length > 0 ? `, projects ${s.projects.join(' ')}` : ''}
                  {s.lastSend
                    ? ` — ${s.lastSend.month} ${s.lastSend.status}${s.lastSend.detail ? ` (${s.lastSend.detail})` : ''}`
                    : ' — not sent yet'}
                </span>
                <form onSubmit={remove.onSubmit}>
                  <input type="hidden" name="id" value={s.id} />
                  <button type="submit" className="text-red-700 underline">
                    Stop
                  </button>
                </form>
              </li>
            ))}
          </ul>
        ) : null}
        <FormMessage state={remove.state} />
      </div>
    </Card>
  );
}
