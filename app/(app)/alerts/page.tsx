import { PlannedArea, plannedAreaMetadata } from '@/components/shell/planned-area';
import { getPageUser } from '@/server/auth/page-guard';

export const metadata = plannedAreaMetadata('alerts');

export default async function AlertsPage() {
  await getPageUser();
  return <PlannedArea area="alerts" />;
}
