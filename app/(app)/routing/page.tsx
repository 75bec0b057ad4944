import { PlannedArea, plannedAreaMetadata } from '@/components/shell/planned-area';
import { getPageUser } from '@/server/auth/page-guard';

export const metadata = plannedAreaMetadata('routing');

export default async function RoutingPage() {
  await getPageUser();
  return <PlannedArea area="routing" />;
}
