/** The routing document contract as JSON Schema, derived from the zod schema the server validates with. */
import { z } from 'zod';
import { routingDocumentSchema } from './document';

export const ROUTING_DOCUMENT_SCHEMA_ID = 'https://switchyard.dev/schemas/routing-document.json';

export function routingDocumentJsonSchema(): Record<string, unknown> {
  return {
    $id: ROUTING_DOCUMENT_SCHEMA_ID,
    title: 'Switchyard routing document',
    description:
      'Tiers and ordered rules; the first rule whose tests all hold decides, and the last rule (an empty `when`) is the default. ' +
      'Values match literally (no patterns). Beyond this schema, a save also refuses duplicate rule ids, a missing or misplaced ' +
      'default, pre-empted rules, empty ranges and tiers, unknown tiers, models and budgets (see docs/api.md).',
    ...z.toJSONSchema(routingDocumentSchema, { io: 'input' }),
  };
}
