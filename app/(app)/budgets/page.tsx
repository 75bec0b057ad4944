import { plannedAreaMetadata, plannedAreaPage } from '@/components/shell/planned-area';

export const metadata = plannedAreaMetadata('budgets');
export default plannedAreaPage('budgets');
