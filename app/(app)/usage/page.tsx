import { plannedAreaMetadata, plannedAreaPage } from '@/components/shell/planned-area';

export const metadata = plannedAreaMetadata('usage');
export default plannedAreaPage('usage');
