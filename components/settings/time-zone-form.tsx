'use client';

import { setTimeZoneAction } from '@/app/(app)/settings/organisation/actions';
import { Button } from '@/components/ui/button';
import { Field, Select } from '@/components/ui/field';
import { fieldErrors, FormMessage } from '@/components/ui/form-message';
import { useFormAction } from '@/components/ui/use-form-action';

export function TimeZoneForm({ current, zones }: { current: string; zones: string[] }) {
  const { state, onSubmit, pending } = useFormAction(setTimeZoneAction);
  return (
    <form onSubmit={onSubmit} className="mt-4 flex flex-wrap items-end gap-4">
      <Field label="Organisation time zone" name="timeZone" errors={fieldErrors(state, 'timeZone')}>
        <Select name="timeZone" defaultValue={current}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Save time zone'}
      </Button>
      <div className="w-full">
        <FormMessage
          state={state}
          success={
            state?.ok
              ? state.data.jobId
                ? `Dashboards now use ${state.data.timeZone}. Daily totals move to it in the background (a job under Settings → Models).`
                : `Dashboards now use ${state.data.timeZone}.`
              : undefined
          }
        />
      </div>
    </form>
  );
}
