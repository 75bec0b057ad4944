/**
 * Reading a routing document from untrusted input, on every save and every import: size and rule-count limits
 * first (cheap, before any deep work), then the schema, then the meaning. Never throws; every problem is an
 * issue with a stable code and a JSON pointer.
 */
import type { z } from 'zod';
import { ROUTING_LIMITS, type RoutingDocument, routingDocumentSchema } from './document';
import { hasErrors, issue, jsonPointer, type RoutingIssue } from './issues';
import { type RoutingValidationContext, validateRoutingDocument } from './validate';

export type ParseRoutingResult =
  | { ok: true; document: RoutingDocument /** Warnings only. */; issues: RoutingIssue[] }
  | { ok: false; issues: RoutingIssue[] };

/** At most this many issues are reported: enough to fix a document, never a megabyte of them. */
export const MAX_REPORTED_ISSUES = 100;
const utf8 = new TextEncoder();

/** `input` is JSON text, or a value already parsed from JSON (a request body). */
export function parseRoutingDocument(input: unknown, context?: RoutingValidationContext): ParseRoutingResult {
  const read = readInput(input);
  if ('issue' in read) return { ok: false, issues: [read.issue] };
  const { value } = read;
  const rules = isObject(value) ? value.rules : undefined;
  if (Array.isArray(rules) && rules.length > ROUTING_LIMITS.maxRules) {
    return refuse(issue('too_many_rules', '/rules', `${rules.length} rules; at most ${ROUTING_LIMITS.maxRules}.`));
  }
  const proto = protoKeyPath(value);
  if (proto !== null) return refuse(issue('invalid_value', proto, '"__proto__" cannot be a key here.'));
  const parsed = routingDocumentSchema.safeParse(value);
  if (!parsed.success) return { ok: false, issues: schemaIssues(parsed.error.issues, value).slice(0, MAX_REPORTED_ISSUES) };
  const issues = validateRoutingDocument(parsed.data, context).slice(0, MAX_REPORTED_ISSUES);
  return hasErrors(issues) ? { ok: false, issues } : { ok: true, document: parsed.data, issues };
}

function refuse(i: RoutingIssue): ParseRoutingResult {
  return { ok: false, issues: [i] };
}

function readInput(input: unknown): { value: unknown } | { issue: RoutingIssue } {
  const tooLarge = (bytes: number) =>
    issue('document_too_large', '', `The document is ${bytes.toLocaleString('en-US')} bytes; at most 1 MB (1,048,576 bytes).`);
  if (typeof input === 'string') {
    // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: skip encoding when it clearly fits.
    if (input.length * 3 > ROUTING_LIMITS.maxBytes) {
      const bytes = utf8.encode(input).length;
      if (bytes > ROUTING_LIMITS.maxBytes) return { issue: tooLarge(bytes) };
    }
    try {
      return { value: JSON.parse(input) };
    } catch (err) {
      return { issue: issue('invalid_json', '', `Not valid JSON: ${(err as Error).message}`) };
    }
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(input);
  } catch {
    return { issue: issue('invalid_value', '', 'The document cannot be written as JSON.') };
  }
  if (text === undefined) return { issue: issue('invalid_value', '', 'Expected a JSON object.') };
  const bytes = utf8.encode(text).length;
  return bytes > ROUTING_LIMITS.maxBytes ? { issue: tooLarge(bytes) } : { value: input };
}

function schemaIssues(zodIssues: readonly z.core.$ZodIssue[], raw: unknown): RoutingIssue[] {
  return zodIssues.flatMap((zi): RoutingIssue[] => {
    if (zi.code === 'unrecognized_keys') {
      return zi.keys.map((k) => issue('unknown_field', jsonPointer([...zi.path, k]), `Unknown field "${k}".`));
    }
    const path = jsonPointer(zi.path);
    if (zi.code === 'invalid_type' && isMissing(raw, zi.path)) {
      return [issue('missing_field', path, `"${String(zi.path.at(-1))}" is required.`)];
    }
    return [issue('invalid_value', path, zi.message)];
  });
}

/** Whether the value at `path` is absent from its (present) parent. */
function isMissing(raw: unknown, path: readonly PropertyKey[]): boolean {
  let node = raw;
  for (const seg of path.slice(0, -1)) {
    if (!isObject(node) && !Array.isArray(node)) return false;
    node = (node as Record<PropertyKey, unknown>)[seg];
  }
  const last = path.at(-1);
  return last !== undefined && (isObject(node) || Array.isArray(node)) && !Object.hasOwn(node, last);
}

/**
 * Where the input has an own `__proto__` key (JSON.parse makes one). zod skips such record keys silently, which
 * would quietly drop a tag test and widen the rule, so the document is refused instead.
 */
function protoKeyPath(root: unknown): string | null {
  const stack: [unknown, PropertyKey[]][] = [[root, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (!Array.isArray(node) && Object.hasOwn(node, '__proto__')) return jsonPointer([...path, '__proto__']);
    for (const [k, v] of Object.entries(node)) if (typeof v === 'object' && v !== null) stack.push([v, [...path, k]]);
  }
  return null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
