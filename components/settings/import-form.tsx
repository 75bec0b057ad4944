'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/field';
import { ProjectOptions } from '@/components/ui/project-options';
import { formatInteger } from '@/lib/format';

/** Uploads a history file to POST /api/v1/imports; progress shows in the jobs list below. */
export function ImportForm({ projects }: { projects: { id: string; name: string }[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setMessage({ tone: 'error', text: 'Choose a CSV or JSONL file.' });
      return;
    }
    const format = String(form.get('format') || (file.name.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl'));
    setPending(true);
    setMessage(null);
    const query = new URLSearchParams({ project: String(form.get('projectId')), format, filename: file.name });
    const res = await fetch(`/api/v1/imports?${query}`, {
      method: 'POST',
      body: file,
      headers: { 'content-type': format === 'csv' ? 'text/csv' : 'application/x-ndjson' },
    });
    const body = (await res.json().catch(() => null)) as { job?: { total: number }; error?: { message: string } } | null;
    setPending(false);
    if (res.status === 202 && body?.job) setMessage({ tone: 'ok', text: `Importing ${formatInteger(body.job.total)} rows…` });
    else setMessage({ tone: 'error', text: body?.error?.message ?? 'The upload failed.' });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-4 md:items-end">
      <Field label="Project" name="projectId">
        <Select name="projectId" required defaultValue={projects[0]?.id}>
          <ProjectOptions projects={projects} />
        </Select>
      </Field>
      <Field label="Format" name="format">
        <Select name="format" defaultValue="">
          <option value="">from the file name</option>
          <option value="csv">CSV</option>
          <option value="jsonl">JSONL</option>
        </Select>
      </Field>
      <Field label="File (≤ 50 MB)" name="file">
        <Input name="file" type="file" accept=".csv,.jsonl,.ndjson,.json,text/csv,application/x-ndjson" required />
      </Field>
      <Button type="submit" disabled={pending || projects.length === 0}>
        {pending ? 'Uploading…' : 'Import'}
      </Button>
      {message ? (
        <p
          className={`text-sm md:col-span-4 ${message.tone === 'ok' ? 'text-emerald-700' : 'text-red-700'}`}
          role={message.tone === 'ok' ? 'status' : 'alert'}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
