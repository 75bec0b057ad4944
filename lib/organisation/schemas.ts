/** Input rules of Settings → Organisation. */
import { z } from 'zod';
import { isTimeZone } from '@/lib/time/zoned';

export const timeZoneSchema = z.object({ timeZone: z.string().trim().refine(isTimeZone, 'Choose a time zone from the list.') });
