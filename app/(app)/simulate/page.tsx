import { PlannedArea, plannedAreaMetadata } from '@/components/shell/planned-area';
import { getPageUser } from '@/server/auth/page-guard';

export const metadata = plannedAreaMetadata('simulate');

export default async function SimulatePage() {
  await getPageUser();
  return <PlannedArea area="simulate" />;
}
