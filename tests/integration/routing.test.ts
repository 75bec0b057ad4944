/**
 * Routing versions and drafts through the services: validation on every save (server facts: unknown and unpriced
 * models, budgets), the draft conflict with nothing lost, publish and rollback (admins, note required, audited),
 * an invalid draft refused, diff, exports parsed back, traffic share from the rollups.
 */
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '@/db/queries/audit';
import type { UserActor } from '@/lib/auth/actor';
import type { AppError } from '@/lib/errors';
import { DEMO_ROUTING_V1, DEMO_ROUTING_V2 } from '@/lib/routing/examples';
import { portkeyConfigSchema } from '@/lib/routing/portkey-config-schema';
import { createBudget } from '@/services/budgets/create-budget';
import { deleteBudget } from '@/services/budgets/delete-budget';
import { listBudgetOptions } from '@/services/budgets/list-budget-options';
import { checkRoutingDocument } from '@/services/routing/check-routing-document';
import { createRoutingDraft } from '@/services/routing/create-routing-draft';
import { deleteRoutingDraft } from '@/services/routing/delete-routing-draft';
import { diffRoutingVersions } from '@/services/routing/diff-routing-versions';
import { exportRouting } from '@/services/routing/export-routing';
import { getPublishedRouting } from '@/services/routing/get-published-routing';
import { getRoutingDraft } from '@/services/routing/get-routing-draft';
import { getRoutingVersion } from '@/services/routing/get-routing-version';
import { getTrafficShare } from '@/services/routing/get-traffic-share';
import { listRoutingDrafts } from '@/services/routing/list-routing-drafts';
import { listRoutingVersions } from '@/services/routing/list-routing-versions';
import { publishRoutingDraft } from '@/services/routing/publish-routing-draft';
import { rollbackRoutingVersion } from '@/services/routing/rollback-routing-version';
import { saveRoutingDraft } from '@/services/routing/save-routing-draft';
import { adviseSessionTiers } from '@/services/routing/advise-session-tiers';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeProject, makeUser } from '../helpers/fixtures';
import { ingestForTest } from '../helpers/usage';

let t: TestDatabase;
let admin: UserActor;
let member: UserActor;
let viewer: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  admin = await makeUser(t, 'admin');
  member = await makeUser(t, 'member');
  viewer = await makeUser(t, 'viewer');
});
afterAll(async () => t?.destroy());

const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: AppError) => e,
  );
const codes = (issues: readonly { code: string; path: string }[] | undefined) => (issues ?? []).map((i) => [i.code, i.path]);

describe('drafts', () => {
  it('members create and save drafts; a stale revision is a conflict and nothing is lost', async () => {
    const draft = await createRoutingDraft(as(t, member), { name: 'v1', document: DEMO_ROUTING_V1 });
    expect(draft).toMatchObject({ revision: 1, valid: true, basedOnVersion: null, name: 'v1' });
    const alice = await saveRoutingDraft(as(t, member), { id: draft.id, revision: 1, document: DEMO_ROUTING_V2 });
    expect(alice.revision).toBe(2);
    const bob = await fail(saveRoutingDraft(as(t, admin), { id: draft.id, revision: 1, document: DEMO_ROUTING_V1 }));
    expect(bob.code).toBe('conflict:routing_draft');
    expect(bob.details).toMatchObject({ currentRevision: 2, updatedByEmail: member.email });
    const stored = await getRoutingDraft(as(t, viewer), { id: draft.id });
    expect(stored.revision).toBe(2);
    expect(stored.document.rules.find((r) => r.id === 'code')!.route).toEqual({ tier: 'balanced' });
    expect((await listRoutingDrafts(as(t, viewer))).map((d) => d.id)).toContain(draft.id);
    await deleteRoutingDraft(as(t, member), { id: draft.id });
    expect((await fail(getRoutingDraft(as(t, viewer), { id: draft.id }))).code).toBe('not_found:routing_draft');
  });

  it('viewers may not edit', async () => {
    expect((await fail(createRoutingDraft(as(t, viewer), { document: DEMO_ROUTING_V1 }))).code).toBe('forbidden:auth');
  });

  it('keeps a draft with errors of meaning (with its issues) and refuses what is not a document', async () => {
    const broken = { tiers: DEMO_ROUTING_V1.tiers, rules: [{ id: 'a', when: {}, route: { tier: 'frontier' } }, ...DEMO_ROUTING_V1.rules] };
    const d = await createRoutingDraft(as(t, member), { document: broken });
    expect(d.valid).toBe(false);
    expect(codes(d.issues)).toContainEqual(['misplaced_default', '/rules/0/when']);
    const notJson = await fail(createRoutingDraft(as(t, member), { document: '{"tiers": ' }));
    expect(notJson.code).toBe('bad_request:routing');
    expect(codes(notJson.issues)).toEqual([['invalid_json', '']]);
    const schema = await fail(createRoutingDraft(as(t, member), { document: { tiers: {}, rules: [{ id: 'x', when: { mood: ['a'] } }] } }));
    expect(codes(schema.issues)).toContainEqual(['unknown_field', '/rules/0/when/mood']);
    const many = {
      tiers: { t: ['openai/gpt-5'] },
      rules: Array.from({ length: 1000 }, (_, i) => ({ id: `r${i}`, when: {}, route: { tier: 't' } })),
    };
    expect(codes((await fail(createRoutingDraft(as(t, member), { document: many }))).issues)).toEqual([['too_many_rules', '/rules']]);
    const huge = {
      tiers: { t: ['openai/gpt-5'] },
      rules: [{ id: 'd', description: 'x'.repeat(1_100_000), when: {}, route: { tier: 't' } }],
    };
    expect(codes((await fail(createRoutingDraft(as(t, member), { document: huge }))).issues)).toEqual([['document_too_large', '']]);
  });

  it('checks models against the catalog and prices: unknown is an error, unpriced a warning', async () => {
    await ingestForTest(t, [{ provider: 'acme', model: 'house-model', mode: 'code' }]);
    const doc = {
      tiers: { frontier: ['anthropic/claude-opus-4-5', 'nosuch/model-x'], balanced: ['acme/house-model'] },
      rules: [{ id: 'default', when: {}, route: { tier: 'balanced' } }],
    };
    const r = await checkRoutingDocument(as(t, member), { document: doc });
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => [i.code, i.path, i.severity])).toEqual([
      ['unknown_model', '/tiers/frontier/1', 'error'],
      ['unpriced_model', '/tiers/balanced/0', 'warning'],
    ]);
  });

  it('checks budget ids against a list passed in, or else against the budgets table', async () => {
    const doc = {
      tiers: DEMO_ROUTING_V1.tiers,
      rules: [
        { id: 'over', when: { budget: { state: ['exceeded'], budgets: ['b-1', 'b-2'] } }, route: { tier: 'economy' } },
        { id: 'default', when: {}, route: { tier: 'balanced' } },
      ],
    };
    const checked = await checkRoutingDocument(as(t, member), { document: doc }, { budgetIds: ['b-1'] });
    expect(codes(checked.issues)).toEqual([['unknown_budget', '/rules/0/when/budget/budgets/1']]);
    // No list: the budgets table is read, and this database has none.
    const fromTable = await checkRoutingDocument(as(t, member), { document: doc }, { budgetIds: [] });
    expect(fromTable.issues.filter((i) => i.code === 'unknown_budget').map((i) => i.path)).toEqual([
      '/rules/0/when/budget/budgets/0',
      '/rules/0/when/budget/budgets/1',
    ]);
  });
});

describe('budgets a rule may name', () => {
  it('the picker lists the budgets (id and name, by name) that a save accepts, and a save refuses any other id', async () => {
    const made = [];
    for (const name of ['Frontier cap', 'All spend']) {
      made.push(await createBudget(as(t, member), { name, period: { kind: 'month' }, amount: '100' }));
    }
    const { budgets } = await listBudgetOptions(as(t, viewer));
    expect(budgets).toEqual([
      { id: made[1]!.id, name: 'All spend' },
      { id: made[0]!.id, name: 'Frontier cap' },
    ]);
    const missing = '00000000-0000-4000-8000-000000000000';
    const doc = {
      tiers: DEMO_ROUTING_V1.tiers,
      rules: [
        {
          id: 'over',
          when: { budget: { state: ['exceeded'], budgets: [budgets[0]!.id, missing, budgets[1]!.id] } },
          route: { tier: 'economy' },
        },
        { id: 'default', when: {}, route: { tier: 'balanced' } },
      ],
    };
    const draft = await createRoutingDraft(as(t, member), { document: doc });
    expect(codes(draft.issues.filter((i) => i.code === 'unknown_budget'))).toEqual([['unknown_budget', '/rules/0/when/budget/budgets/1']]);
    const picked = {
      ...doc,
      rules: [{ ...doc.rules[0]!, when: { budget: { state: ['exceeded'], budgets: budgets.map((b) => b.id) } } }, doc.rules[1]!],
    };
    const saved = await saveRoutingDraft(as(t, member), { id: draft.id, revision: draft.revision, document: picked });
    expect(saved.issues.filter((i) => i.code === 'unknown_budget')).toEqual([]);
    await deleteRoutingDraft(as(t, member), { id: draft.id });
    for (const b of made) await deleteBudget(as(t, member), { id: b.id });
    expect((await listBudgetOptions(as(t, viewer))).budgets).toEqual([]);
  });
});

describe('publish and rollback', () => {
  it('admins publish with a note; members may not; a note is required; an invalid draft is refused', async () => {
    const d = await createRoutingDraft(as(t, member), { document: DEMO_ROUTING_V1 });
    expect((await fail(publishRoutingDraft(as(t, member), { id: d.id, note: 'v1' }))).code).toBe('forbidden:auth');
    const noNote = await fail(publishRoutingDraft(as(t, admin), { id: d.id, note: '  ' }));
    expect(noNote.code).toBe('bad_request:routing');
    expect(noNote.fields).toHaveProperty('note');
    const broken = await createRoutingDraft(as(t, member), { document: { ...DEMO_ROUTING_V1, rules: DEMO_ROUTING_V1.rules.slice(0, 2) } });
    const refused = await fail(publishRoutingDraft(as(t, admin), { id: broken.id, note: 'no default' }));
    expect(refused.code).toBe('bad_request:routing');
    expect(codes(refused.issues)).toContainEqual(['missing_default', '/rules']);

    const v1 = await publishRoutingDraft(as(t, admin), { id: d.id, note: 'mode table' });
    expect(v1).toMatchObject({ number: 1, note: 'mode table', publishedByEmail: admin.email, fromDraft: d.id });
    expect((await fail(getRoutingDraft(as(t, admin), { id: d.id }))).code).toBe('not_found:routing_draft');
    const d2 = await createRoutingDraft(as(t, member), {});
    expect(d2.basedOnVersion).toBe(1);
    const saved = await saveRoutingDraft(as(t, member), { id: d2.id, revision: 1, document: DEMO_ROUTING_V2 });
    const stale = await fail(publishRoutingDraft(as(t, admin), { id: d2.id, note: 'x', revision: 1 }));
    expect(stale.code).toBe('conflict:routing_draft');
    const v2 = await publishRoutingDraft(as(t, admin), { id: d2.id, note: 'code → balanced', revision: saved.revision });
    expect(v2.number).toBe(2);
    expect((await getPublishedRouting(as(t, viewer)))?.number).toBe(2);

    const back = await rollbackRoutingVersion(as(t, admin), { version: 1, note: 'balanced tier too slow' });
    expect(back).toMatchObject({ number: 3, rolledBackFrom: 1, contentHash: v1.contentHash });
    expect((await fail(rollbackRoutingVersion(as(t, member), { version: 1, note: 'x' }))).code).toBe('forbidden:auth');
    expect((await fail(rollbackRoutingVersion(as(t, admin), { version: 3, note: 'x' }))).code).toBe('conflict:routing');
    expect((await fail(rollbackRoutingVersion(as(t, admin), { version: 99, note: 'x' }))).code).toBe('not_found:routing');
    expect((await fail(rollbackRoutingVersion(as(t, admin), { version: 2 }))).code).toBe('bad_request:routing');

    const list = await listRoutingVersions(as(t, viewer));
    expect(list.published).toBe(3);
    expect(list.versions.map((v) => [v.number, v.published])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    expect((await getRoutingVersion(as(t, viewer), { version: 2 })).document).toEqual(saved.document);
    expect((await fail(getRoutingVersion(as(t, viewer), { version: 42 }))).code).toBe('not_found:routing');

    const audit = (await listAuditEntries(t.db, {})).filter((e) => e.targetType === 'routing_version');
    expect(audit.map((e) => [e.action, e.targetId, e.actorEmail, e.details.note])).toEqual([
      ['routing.rollback', '3', admin.email, 'balanced tier too slow'],
      ['routing.publish', '2', admin.email, 'code → balanced'],
      ['routing.publish', '1', admin.email, 'mode table'],
    ]);
  });

  it('diffs two versions rule by rule, and a draft against the published one', async () => {
    const { diff } = await diffRoutingVersions(as(t, viewer), { from: '1', to: '2' });
    expect(diff.rules.map((r) => [r.ruleId, r.change, r.fields.map((f) => f.path)])).toEqual([
      ['code', 'changed', ['/description', '/route', '/fallbacks']],
    ]);
    expect((await diffRoutingVersions(as(t, viewer), { from: 1, to: 'published' })).diff.same).toBe(true);
    const d = await createRoutingDraft(as(t, member), { document: DEMO_ROUTING_V2 });
    const r = await diffRoutingVersions(as(t, viewer), { from: 'published', to: `draft:${d.id}` });
    expect(r.to).toEqual({ ref: `draft:${d.id}`, version: null, draftId: d.id });
    expect(r.diff.rules.map((x) => x.ruleId)).toEqual(['code']);
    expect((await fail(diffRoutingVersions(as(t, viewer), { from: '1', to: '77' }))).code).toBe('not_found:routing');
    expect((await fail(diffRoutingVersions(as(t, viewer), { from: 'x', to: '1' }))).code).toBe('bad_request:routing');
  });

  it('exports the published table: Portkey config valid against its shape, LiteLLM YAML with the routes', async () => {
    const pk = await exportRouting(as(t, viewer), { format: 'portkey' });
    expect(pk.format).toBe('portkey');
    expect(portkeyConfigSchema.safeParse(JSON.parse(pk.text).config).success).toBe(true);
    expect(pk.export.version).toBe(3);
    const ll = await exportRouting(as(t, viewer), { format: 'litellm', version: '2' });
    const yaml = parseYaml(ll.text) as { model_list: { model_name: string; litellm_params: { model: string; tags: string[] } }[] };
    const auto = yaml.model_list.filter((m) => m.model_name === 'auto');
    expect(auto.find((m) => m.litellm_params.tags.includes('mode:code'))?.litellm_params.model).toBe('anthropic/claude-haiku-4-5');
    expect(auto.find((m) => m.litellm_params.tags.includes('mode:ask'))?.litellm_params.model).toBe('openai/gpt-5-nano');
    expect(ll.text).toContain('version 2');
    expect((await fail(exportRouting(as(t, viewer), { format: 'yaml' }))).code).toBe('bad_request:routing');
  });
});

describe('traffic share', () => {
  it('sums the last 7 days of rollups per rule of a draft and of the published version, and says what it cannot see', async () => {
    const project = await makeProject(t, 'share');
    await ingestForTest(t, [
      { projectId: project.id, mode: 'code', n: 3, provider: 'anthropic', model: 'claude-sonnet-4-5' },
      { projectId: project.id, mode: 'plan', n: 2, provider: 'anthropic', model: 'claude-opus-4-5' },
      { projectId: project.id, mode: 'ask', n: 1, provider: 'openai', model: 'gpt-5-nano' },
    ]);
    const draft = await createRoutingDraft(as(t, member), {
      document: {
        tiers: DEMO_ROUTING_V2.tiers,
        rules: [
          { id: 'big', when: { mode: ['code'], inputTokens: { gte: 100000 } }, route: { tier: 'frontier' } },
          { id: 'all-code', when: { mode: ['code', 'plan'], project: ['share'] }, route: { tier: 'balanced' } },
          { id: 'default', when: {}, route: { tier: 'economy' } },
        ],
      },
    });
    const share = await getTrafficShare(as(t, viewer), { draftId: draft.id });
    const mine = (rows: { ruleId: string; requests: number }[] | undefined) =>
      Object.fromEntries((rows ?? []).map((r) => [r.ruleId, r.requests]));
    // The earlier test ingested one acme request (code mode, another project): it falls to the default.
    expect(mine(share.candidate?.rules)).toEqual({ big: 0, 'all-code': 5, default: 2 });
    expect(share.candidate?.unseen).toEqual([expect.objectContaining({ ruleId: 'big', test: 'inputTokens' })]);
    expect(mine(share.published?.rules)).toEqual({ 'deep-work': 2, code: 4, ask: 1, default: 0 });
    expect(share.published!.total.requests).toBe(7);
    expect(share.published!.rules.find((r) => r.ruleId === 'code')!.costMicros).toBeGreaterThan(0);
  });

  it('reads users and tags from the user-set grain when a rule tests them', async () => {
    const project = await makeProject(t, 'share-users');
    await ingestForTest(t, [
      { projectId: project.id, mode: 'code', user: 'ana', tags: { team: 'payments' }, n: 2 },
      { projectId: project.id, mode: 'code', user: 'bo', tags: { team: 'infra' }, n: 3 },
    ]);
    const share = await getTrafficShare(as(t, viewer), {
      document: {
        tiers: DEMO_ROUTING_V2.tiers,
        rules: [
          { id: 'ana', when: { user: ['ana'], project: ['share-users'] }, route: { tier: 'frontier' } },
          { id: 'infra', when: { tags: { team: ['infra'] }, project: ['share-users'] }, route: { tier: 'economy' } },
          { id: 'default', when: {}, route: { tier: 'balanced' } },
        ],
      },
    });
    const byRule = Object.fromEntries(share.candidate!.rules.map((r) => [r.ruleId, r.requests]));
    expect(byRule.ana).toBe(2);
    expect(byRule.infra).toBe(3);
    expect(share.candidate!.total.requests).toBe(share.published!.total.requests);
  });
});

describe('session advice', () => {
  it('comes from the published table through the evaluator, naming version and rule', async () => {
    const turn = { task: null, userId: 'ana', tags: null, inputTokens: 1000 };
    const r = await adviseSessionTiers(as(t, viewer), {
      projectSlug: 'share',
      turns: [
        { ...turn, mode: 'ask', tier: 'frontier' },
        { ...turn, mode: 'plan', tier: 'frontier' },
      ],
    });
    // Version 3 (the rollback) republished version 1: code on a model, ask on economy.
    expect(r).toEqual({ version: 3, advice: [{ tier: 'economy', ruleId: 'ask', version: 3 }, null] });
  });
});
