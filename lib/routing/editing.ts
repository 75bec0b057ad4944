/**
 * The form editor's operations on a draft document, as pure functions (each returns a new document).
 * They work on the document as typed in (RoutingDocumentInput): the form may hold a draft that does not
 * validate yet, and saving is where it is checked.
 */
import type { RoutingDocumentInput } from './document';

export type DraftDocument = RoutingDocumentInput;
export type DraftRule = DraftDocument['rules'][number];

/** The document as the JSON editor shows it and the server stores it. */
export function documentText(doc: DraftDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** The text as a draft document the form can show, or null when it is not JSON of that shape. */
export function readDraftText(text: string): DraftDocument | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { tiers, rules } = value as Record<string, unknown>;
  if (typeof tiers !== 'object' || tiers === null || Array.isArray(tiers)) return null;
  if (!Object.values(tiers).every((m) => Array.isArray(m) && m.every((x) => typeof x === 'string'))) return null;
  if (!Array.isArray(rules) || !rules.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) return null;
  const shaped = rules.every((r: Record<string, unknown>) => typeof r.when === 'object' && r.when !== null && typeof r.route === 'object');
  return shaped ? (value as DraftDocument) : null;
}

/** Moves the rule at `from` to index `to` (both clamped to the list). */
export function moveRule(doc: DraftDocument, from: number, to: number): DraftDocument {
  const rules = [...doc.rules];
  if (from < 0 || from >= rules.length) return doc;
  const target = Math.max(0, Math.min(rules.length - 1, to));
  if (target === from) return doc;
  const [rule] = rules.splice(from, 1);
  rules.splice(target, 0, rule!);
  return { ...doc, rules };
}

export function removeRule(doc: DraftDocument, index: number): DraftDocument {
  return { ...doc, rules: doc.rules.filter((_, i) => i !== index) };
}

export function replaceRule(doc: DraftDocument, index: number, rule: DraftRule): DraftDocument {
  return { ...doc, rules: doc.rules.map((r, i) => (i === index ? rule : r)) };
}

/** An id not yet used in the document: `base`, then `base-2`, `base-3`, … */
export function freshRuleId(doc: DraftDocument, base = 'rule'): string {
  const used = new Set(doc.rules.map((r) => r.id));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new rule just before the default (the last rule), so the default stays last; it tests mode `code` until edited. */
export function addRule(doc: DraftDocument): { doc: DraftDocument; index: number } {
  const tier = Object.keys(doc.tiers)[0];
  const rule: DraftRule = {
    id: freshRuleId(doc),
    when: { mode: ['code'] },
    route: tier === undefined ? { model: 'provider/model' } : { tier },
  };
  const index = Math.max(0, doc.rules.length - 1);
  const rules = [...doc.rules];
  rules.splice(index, 0, rule);
  return { doc: { ...doc, rules }, index };
}

export function setTierModels(doc: DraftDocument, tier: string, models: string[]): DraftDocument {
  return { ...doc, tiers: { ...doc.tiers, [tier]: models } };
}

/** Renames a tier in place (its position among the tiers kept) and every route that names it. */
export function renameTier(doc: DraftDocument, from: string, to: string): DraftDocument {
  if (from === to || !(from in doc.tiers) || to in doc.tiers) return doc;
  const tiers = Object.fromEntries(Object.entries(doc.tiers).map(([t, m]) => [t === from ? to : t, m]));
  const rules = doc.rules.map((r) => ('tier' in r.route && r.route.tier === from ? { ...r, route: { tier: to } } : r));
  return { ...doc, tiers, rules };
}

export function addTier(doc: DraftDocument, name: string): DraftDocument {
  return name in doc.tiers ? doc : { ...doc, tiers: { ...doc.tiers, [name]: [] } };
}

/** Removes a tier; routes that still name it are left for validation to report. */
export function removeTier(doc: DraftDocument, name: string): DraftDocument {
  const { [name]: _removed, ...tiers } = doc.tiers;
  return { ...doc, tiers };
}

export function moveInList<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

/** "a, b ,c" → ['a', 'b', 'c'] (empty items dropped). */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** "team=search, web; env=prod" lines → { team: ['search', 'web'], env: ['prod'] }. One key per line. */
export function parseTagLines(text: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    const values = splitList(line.slice(eq + 1));
    if (key !== '' && values.length > 0) out[key] = values;
  }
  return out;
}

export function tagLines(tags: Readonly<Record<string, readonly string[]>> | undefined): string {
  return Object.entries(tags ?? {})
    .map(([k, v]) => `${k}=${v.join(', ')}`)
    .join('\n');
}
