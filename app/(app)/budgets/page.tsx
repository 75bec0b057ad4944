import { PlannedArea, plannedAreaMetadata } from '@/components/shell/planned-area';
import { getPageUser } from '@/server/auth/page-guard';

export const metadata = plannedAreaMetadata('budgets');

export default async function BudgetsPage() {
  await getPageUser();
  return <PlannedArea area="budgets" />;
}
