import { plannedAreaMetadata, plannedAreaPage } from '@/components/shell/planned-area';

export const metadata = plannedAreaMetadata('reports');
export default plannedAreaPage('reports');
