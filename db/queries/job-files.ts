/** Uploaded import files kept for their job (db/tables/scheduler.ts `job_files`). */
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { rowsOf } from '../rows';
import { jobFiles } from '../schema';

export async function saveJobFile(db: Database, { projectId, jobId, content }: { projectId: string; jobId: string; content: string }) {
  await db.insert(jobFiles).values({ projectId, jobId, content });
}

export async function jobFileLength(db: Database, { projectId, jobId }: { projectId: string; jobId: string }): Promise<number | null> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select char_length(content)::int as n from job_files where project_id = ${projectId} and job_id = ${jobId}`),
  );
  return row ? row.n : null;
}

/** The file's text from character `offset` (0-based), `length` characters at most. */
export async function readJobFileSlice(
  db: Database,
  { projectId, jobId, offset, length }: { projectId: string; jobId: string; offset: number; length: number },
): Promise<string> {
  const [row] = rowsOf<{ part: string }>(
    await db.execute(sql`select substr(content, ${offset + 1}, ${length}) as part from job_files
      where project_id = ${projectId} and job_id = ${jobId}`),
  );
  return row?.part ?? '';
}

export async function deleteJobFile(db: Database, { projectId, jobId }: { projectId: string; jobId: string }) {
  await db.delete(jobFiles).where(and(eq(jobFiles.projectId, projectId), eq(jobFiles.jobId, jobId)));
}
