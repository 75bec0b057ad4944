/** Input rules of project API keys and personal access tokens (services/api-keys, services/access-tokens). */
import { z } from 'zod';
import { API_KEY_SCOPES } from './api-key';

export const createApiKeySchema = z.object({
  projectId: z.uuid('Choose a project.'),
  name: z.string().trim().min(1, 'Name the key after what uses it, e.g. "prod gateway".').max(100),
  scopes: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(API_KEY_SCOPES)).min(1, 'Choose at least one scope.'),
  ),
});

export const revokeApiKeySchema = z.object({ projectId: z.uuid('Unknown project.'), id: z.uuid('Unknown API key.') });

/** Lifetimes offered when creating an access token; none = until revoked. */
export const ACCESS_TOKEN_LIFETIMES_DAYS = [7, 30, 90, 365] as const;

export const createAccessTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after what uses it, e.g. "CI routing sync".').max(100),
  expiresInDays: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.union([z.null(), z.coerce.number().int().min(1, 'Choose a lifetime.').max(3650, 'At most ten years.')]),
  ),
});

export const revokeAccessTokenSchema = z.object({ id: z.uuid('Unknown access token.') });
