/**
 * PGlite is a single-process database: opening its folder from two processes corrupts it. A pid file
 * in the data folder refuses the second opener with a clear message instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireFolderLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, 'switchyard.pid');
  const existing = fs.existsSync(lockFile) ? Number(fs.readFileSync(lockFile, 'utf8').trim()) : NaN;
  if (Number.isInteger(existing) && existing !== process.pid && isAlive(existing)) {
    throw new AppError(
      'unavailable:database',
      `The embedded database in ${dir} is already open in process ${existing}. ` +
        'Stop that process first, or set DATABASE_URL to use a Postgres server.',
    );
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return release;
}
