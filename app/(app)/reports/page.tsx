import { PlannedArea, plannedAreaMetadata } from '@/components/shell/planned-area';
import { getPageUser } from '@/server/auth/page-guard';

export const metadata = plannedAreaMetadata('reports');

export default async function ReportsPage() {
  await getPageUser();
  return <PlannedArea area="reports" />;
}
