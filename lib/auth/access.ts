/**
 * What an entry point demands of its caller: a person with a permission (session cookie or access token),
 * a project API key with a scope, either, or nothing (with the reason). Route handlers and server actions
 * carry theirs as `.access`, which the permission test reads.
 */
import type { ApiKeyScope } from '@/lib/keys/api-key';
import type { Permission } from './permissions';

/** `any` accepts a key of any scope (the key check endpoint). */
export type KeyAccess = ApiKeyScope | 'any';

export type Access =
  | { public: string; person?: never; apiKey?: never }
  | { public?: never; person: Permission; apiKey?: KeyAccess }
  | { public?: never; person?: Permission; apiKey: KeyAccess };

export function isPublic(access: Access): access is { public: string } {
  return typeof access.public === 'string';
}
