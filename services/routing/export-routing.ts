import 'server-only';
/**
 * A routing version (the published one by default) as a Portkey gateway config or a LiteLLM router config, with
 * what the target cannot express listed (`notExpressible`), never silently dropped (lib/routing/export-*.ts).
 */
import { getPublishedRouting, getRoutingVersion } from '@/db/queries/routing';
import { assertCan } from '@/lib/auth/guard';
import { AppError } from '@/lib/errors';
import { parseInput } from '@/lib/input';
import { exportLiteLLMConfig, type LiteLLMExport, renderLiteLLMYaml } from '@/lib/routing/export-litellm';
import { exportPortkeyConfig, type PortkeyExport } from '@/lib/routing/export-portkey';
import { z } from 'zod';
import type { ServiceContext } from '../context';

const schema = z.object({
  format: z.enum(['portkey', 'litellm']),
  version: z.coerce.number().int().min(1).optional(),
});

export type RoutingExportResult =
  | { format: 'portkey'; export: PortkeyExport; filename: string; text: string; contentType: string }
  | { format: 'litellm'; export: LiteLLMExport; filename: string; text: string; contentType: string };

export async function exportRouting(ctx: ServiceContext, input: unknown): Promise<RoutingExportResult> {
  assertCan(ctx.actor, 'dashboards:read');
  const { format, version } = parseInput(schema, input, 'routing');
  const row = version === undefined ? await getPublishedRouting(ctx.db) : await getRoutingVersion(ctx.db, { number: version });
  if (!row)
    throw new AppError(
      'not_found:routing',
      version === undefined ? 'No routing version is published.' : `There is no routing version ${version}.`,
    );
  if (format === 'portkey') {
    const exp = exportPortkeyConfig(row.document, { version: row.number });
    return {
      format,
      export: exp,
      filename: `switchyard-routing-v${row.number}.portkey.json`,
      text: `${JSON.stringify(exp, null, 2)}\n`,
      contentType: 'application/json',
    };
  }
  const exp = exportLiteLLMConfig(row.document, { version: row.number });
  return {
    format,
    export: exp,
    filename: `switchyard-routing-v${row.number}.litellm.yaml`,
    text: renderLiteLLMYaml(exp),
    contentType: 'application/yaml',
  };
}
