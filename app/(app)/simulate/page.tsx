import { plannedAreaMetadata, plannedAreaPage } from '@/components/shell/planned-area';

export const metadata = plannedAreaMetadata('simulate');
export default plannedAreaPage('simulate');
