/** What every Overview widget is asked for: a period, the zone it is bucketed in, and the projects (none = all). */
import type { Period } from '@/lib/time/periods';

export interface DashboardScope {
  period: Period;
  timeZone: string;
  projectIds: readonly string[];
}
