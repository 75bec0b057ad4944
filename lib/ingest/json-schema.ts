/** The usage event contract as JSON Schema, derived from the zod schema (one source of truth). */
import { z } from 'zod';
import { usageEventSchema } from './event-schema';

export function usageEventJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://switchyard.dev/schemas/usage-event.json',
    title: 'Switchyard usage event',
    description: 'One LLM request as a gateway or SDK saw it. POST a batch as {"events": [...]} or NDJSON to /api/v1/events.',
    ...z.toJSONSchema(usageEventSchema, { io: 'input' }),
  };
}
