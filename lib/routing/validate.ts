/**
 * What a schema cannot say about a routing document: the default rule, unique ids, pre-empted rules, empty
 * ranges and tiers, and — from what the caller knows, passed in as data so this stays pure — unknown or
 * unpriced models, missing budgets, tiers the catalog lacks, unknown projects.
 */
import { isEmptyWhen, type RoutingDocument, SET_TESTS } from './document';
import { issue, jsonPointer, type RoutingIssue } from './issues';
import { isEmptyRange, ruleCovers } from './preemption';

/** What Switchyard knows, for the checks that need it; a check whose list is absent is skipped. */
export interface RoutingValidationContext {
  /** `provider/model` ids of the catalog (compared case-insensitively). A model not in it is an error. */
  knownModels?: Iterable<string>;
  /** Models with a price; a known model not in it is a warning. */
  pricedModels?: Iterable<string>;
  /** Budget ids that exist. */
  budgetIds?: Iterable<string>;
  /** Tier names of the model catalog. */
  tiersInCatalog?: Iterable<string>;
  /** Project slugs that exist. */
  projects?: Iterable<string>;
}

const lowerSet = (xs: Iterable<string> | undefined) => (xs === undefined ? undefined : new Set([...xs].map((x) => x.toLowerCase())));
const asSet = (xs: Iterable<string> | undefined) => (xs === undefined ? undefined : new Set(xs));
/** Values match literally; these shapes suggest someone expected a pattern. */
const LOOKS_LIKE_PATTERN = /\*|^\^|\$$|^\/.+\/$|\\[dws]/;

export function validateRoutingDocument(doc: RoutingDocument, context: RoutingValidationContext = {}): RoutingIssue[] {
  const out: RoutingIssue[] = [];
  const known = lowerSet(context.knownModels);
  const priced = lowerSet(context.pricedModels);
  const budgets = asSet(context.budgetIds);
  const catalogTiers = asSet(context.tiersInCatalog);
  const projects = asSet(context.projects);
  const tierNames = new Set(Object.keys(doc.tiers));

  const checkModel = (model: string, path: string) => {
    const m = model.toLowerCase();
    if (known && !known.has(m)) out.push(issue('unknown_model', path, `Switchyard does not know the model "${model}".`));
    else if (priced && !priced.has(m)) out.push(issue('unpriced_model', path, `"${model}" has no price: its spend would be unpriced.`));
  };
  const checkList = (models: readonly string[], path: (string | number)[], what: string) => {
    models.forEach((m, i) => {
      checkModel(m, jsonPointer([...path, i]));
      if (models.indexOf(m) !== i) out.push(issue('duplicate_model', jsonPointer([...path, i]), `"${m}" is listed twice in ${what}.`));
    });
  };

  for (const [tier, models] of Object.entries(doc.tiers)) {
    if (models.length === 0) out.push(issue('empty_tier', jsonPointer(['tiers', tier]), `Tier "${tier}" lists no model.`));
    if (catalogTiers && !catalogTiers.has(tier)) {
      out.push(issue('tier_not_in_catalog', jsonPointer(['tiers', tier]), `The model catalog has no tier "${tier}".`));
    }
    checkList(models, ['tiers', tier], `tier "${tier}"`);
  }

  const firstIndexOf = new Map<string, number>();
  const last = doc.rules.length - 1;
  doc.rules.forEach((rule, i) => {
    const at = (...p: (string | number)[]) => jsonPointer(['rules', i, ...p]);
    const seen = firstIndexOf.get(rule.id);
    if (seen !== undefined) out.push(issue('duplicate_rule_id', at('id'), `Rule ${seen + 1} already has the id "${rule.id}".`));
    else firstIndexOf.set(rule.id, i);

    if (i < last && isEmptyWhen(rule.when)) {
      out.push(issue('misplaced_default', at('when'), `"${rule.id}" has an empty \`when\` but is not last: no rule after it can match.`));
    }
    if ('tier' in rule.route) {
      if (!tierNames.has(rule.route.tier))
        out.push(issue('unknown_tier', at('route', 'tier'), `No tier "${rule.route.tier}" in this document.`));
    } else checkModel(rule.route.model, at('route', 'model'));
    if (rule.fallbacks) checkList(rule.fallbacks, ['rules', i, 'fallbacks'], `the fallbacks of "${rule.id}"`);

    const { inputTokens, budget } = rule.when;
    const empty = inputTokens !== undefined && isEmptyRange(inputTokens);
    if (empty) {
      out.push(issue('empty_range', at('when', 'inputTokens'), `No input-token count is ≥ ${inputTokens.gte} and < ${inputTokens.lt}.`));
    }
    budget?.budgets?.forEach((id, k) => {
      if (budgets && !budgets.has(id)) out.push(issue('unknown_budget', at('when', 'budget', 'budgets', k), `No budget "${id}" exists.`));
    });
    rule.when.project?.forEach((slug, k) => {
      if (projects && !projects.has(slug)) out.push(issue('unknown_project', at('when', 'project', k), `No project "${slug}" exists.`));
    });
    for (const k of SET_TESTS) warnPatterns(rule.when[k], ['rules', i, 'when', k], out);
    for (const [key, values] of Object.entries(rule.when.tags ?? {})) warnPatterns(values, ['rules', i, 'when', 'tags', key], out);

    const coveredBy = empty ? -1 : doc.rules.slice(0, i).findIndex((earlier) => ruleCovers(earlier, rule, tierNames));
    // A misplaced default already says that every rule after it is dead.
    if (coveredBy >= 0 && !isEmptyWhen(doc.rules[coveredBy]!.when)) {
      const by = doc.rules[coveredBy]!;
      out.push(
        issue('preempted_rule', at(), `"${rule.id}" can never match: rule ${coveredBy + 1} ("${by.id}") matches every request it does.`),
      );
    }
  });
  if (doc.rules.length === 0 || !isEmptyWhen(doc.rules[last]!.when)) {
    out.push(issue('missing_default', '/rules', 'The last rule must be the default: an empty `when` that matches every request.'));
  }
  return out;
}

function warnPatterns(values: readonly string[] | undefined, path: (string | number)[], out: RoutingIssue[]): void {
  values?.forEach((v, k) => {
    if (LOOKS_LIKE_PATTERN.test(v)) {
      out.push(
        issue('literal_pattern', jsonPointer([...path, k]), `"${v}" is matched literally; patterns and wildcards are not supported.`),
      );
    }
  });
}
