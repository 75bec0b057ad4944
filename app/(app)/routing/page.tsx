import { plannedAreaMetadata, plannedAreaPage } from '@/components/shell/planned-area';

export const metadata = plannedAreaMetadata('routing');
export default plannedAreaPage('routing');
