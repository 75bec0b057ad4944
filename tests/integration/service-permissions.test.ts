/**
 * Every service checks its caller itself, so a script, a job or a future route cannot skip the check the
 * route wrapper made. Finds every service under services/ and calls it as an anonymous caller, a viewer
 * and a member: each must refuse (401/403, before reading its input) unless listed below with the reason
 * that role may use it. A new service is covered by itself; giving a role more is a deliberate line here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserActor } from '@/lib/auth/actor';
import { AppError } from '@/lib/errors';
import { openTestDatabase, type TestDatabase } from '../helpers/database';
import { as, makeUser } from '../helpers/fixtures';

const SERVICES_DIR = path.resolve(__dirname, '../../services');

/** Not called with a caller: they make one, or run only behind a service that checked. file → why. */
const NOT_CALLER_CHECKED: Record<string, string> = {
  'context.ts': 'builds the ServiceContext itself',
  'auth/authenticate.ts': 'turns an email and password into a caller (throttled)',
  'auth/authenticate-api-key.ts': 'turns a project key into a caller',
  'auth/authenticate-access-token.ts': 'turns an access token into a caller',
  'auth/get-session-user.ts': 'turns a session into a caller',
  'auth/touch-once-per-minute.ts': 'an in-memory throttle of last-used writes',
  'setup/create-first-admin.ts': 'public by design: refuses once any user exists (tests/integration/users.test.ts)',
  'setup/is-setup-complete.ts': 'public: the sign-in page asks it before anyone can sign in',
  'setup/bootstrap-admin-from-env.ts': 'runs at start-up as Switchyard itself',
  'channels/send-to-channel.ts': 'one send of one attempt, behind deliverPendingAlerts and sendTestToChannel (which check)',
  'channels/attempt-delivery.ts': 'one claimed attempt, behind deliverPendingAlerts and sendTestToChannel (which check)',
  'budgets/request-budget-evaluation.ts': 'asks for an evaluation after an ingest commit; the evaluation runs as Switchyard',
  'budgets/get-budget-state.ts': 'the gateway endpoint: its route takes a project key with routing:read',
  'routing/pull-routing.ts': 'the gateway endpoint: its route takes a project key with routing:read',
  'jobs/enqueue-job.ts': 'queues a job for a service that has checked its own caller',
  'jobs/registry.ts': 'the list of job kinds and periodic tasks',
};

/** Modules a service area shares (types, definitions, figures), not services: several exports, no caller. */
const SHARED_MODULES: Record<string, string> = {
  'budgets/budget-figures.ts': 'the budget services’ shared figures; each exported service checks its caller first',
  'jobs/job-kind.ts': 'defineJobKind and definePeriodicTask, the registry’s two constructors',
  'jobs/maintenance-task.ts': 'a periodic task definition (run as Switchyard)',
  'jobs/retention-task.ts': 'a periodic task definition (run as Switchyard)',
  'jobs/run-rewrite-job.ts': 'the re-price and re-tier job kinds (run as Switchyard once an admin queued them)',
  'jobs/wake.ts': 'tells this process’s schedulers to look now (register and wake)',
  'organisation/change-time-zone-job.ts': 'the time-zone job kind (run as Switchyard once an admin queued it)',
  'simulations/simulation-job.ts': 'the simulation job kind (run as Switchyard once a member queued the run)',
};

/** What a viewer may do (beyond that, refused). file → why. */
const VIEWER_MAY: Record<string, string> = {
  'access-tokens/create-access-token.ts': 'everyone may have access tokens (they act with their own role)',
  'access-tokens/revoke-access-token.ts': 'everyone may revoke their own tokens',
  'access-tokens/list-access-tokens.ts': 'everyone may list their own tokens',
  'dashboard/get-dashboard-context.ts': 'dashboards:read',
  'dashboard/has-any-usage.ts': 'dashboards:read',
  'dashboard/count-unpriced-requests.ts': 'dashboards:read',
  'dashboard/get-period-totals.ts': 'dashboards:read',
  'dashboard/get-month-end-projection.ts': 'dashboards:read',
  'dashboard/get-spend-by.ts': 'dashboards:read',
  'dashboard/get-top-cost-drivers.ts': 'dashboards:read',
  'dashboard/get-spend-over-time.ts': 'dashboards:read',
  'explorer/load-explorer.ts': 'dashboards:read',
  'explorer/export-usage-csv.ts': 'dashboards:read',
  'explorer/list-recent-tag-keys.ts': 'dashboards:read',
  'explorer/list-dimension-values.ts': 'dashboards:read',
  'explorer/resolve-filter-values.ts': 'dashboards:read',
  'requests/list-requests.ts': 'dashboards:read',
  'requests/get-request-detail.ts': 'dashboards:read',
  'sessions/list-top-sessions.ts': 'dashboards:read',
  'sessions/get-session-turns.ts': 'dashboards:read',
  'organisation/get-org-time-zone.ts': 'dashboards:read (every figure is bucketed in it)',
  'projects/list-projects.ts': 'dashboards:read (the scope bar lists them)',
  'channels/list-alert-channels.ts': 'dashboards:read (the budget form lists channels; no secrets, no Slack paths)',
  'channels/list-deliveries-by-alert-ids.ts': 'dashboards:read (the Alerts page shows each channel’s delivery status)',
  'routing/list-routing-versions.ts': 'dashboards:read (the Routing page shows the table and its history)',
  'routing/get-routing-version.ts': 'dashboards:read',
  'routing/get-published-routing.ts': 'dashboards:read',
  'routing/list-routing-drafts.ts': 'dashboards:read',
  'routing/get-routing-draft.ts': 'dashboards:read',
  'routing/diff-routing-versions.ts': 'dashboards:read',
  'routing/list-gateways.ts': 'dashboards:read',
  'routing/export-routing.ts': 'dashboards:read (the published table, as other gateways read it)',
  'routing/get-traffic-share.ts': 'dashboards:read (from the rollups every dashboard reads)',
  'routing/advise-session-tiers.ts': 'dashboards:read (the session view)',
  'budgets/get-budget-form-options.ts': 'dashboards:read',
  'budgets/get-budget.ts': 'dashboards:read',
  'budgets/list-alerts.ts': 'dashboards:read',
  'budgets/list-budget-options.ts': 'dashboards:read',
  'budgets/list-budgets.ts': 'dashboards:read',
  'dashboard/get-cache-hit-over-time.ts': 'dashboards:read',
  'dashboard/get-cost-per-request-by-mode.ts': 'dashboards:read',
  'dashboard/get-cost-per-session-over-time.ts': 'dashboards:read',
  'dashboard/get-latency-over-time.ts': 'dashboards:read',
  'savings/get-savings-options.ts': 'dashboards:read',
  'savings/get-savings-report.ts': 'dashboards:read',
  'savings/export-savings-csv.ts': 'dashboards:read (the report it exports checks)',
  'simulations/get-simulation-kept-range.ts': 'dashboards:read',
  'simulations/get-simulation-run.ts': 'dashboards:read (a run’s URL is shareable)',
  'simulations/list-simulation-runs.ts': 'dashboards:read',
};

/** What a member may do beyond a viewer. file → why. */
const MEMBER_MAY: Record<string, string> = {
  ...VIEWER_MAY,
  'routing/create-routing-draft.ts': 'routing:edit (members edit drafts; publishing is refused)',
  'routing/save-routing-draft.ts': 'routing:edit',
  'routing/delete-routing-draft.ts': 'routing:edit',
  'routing/check-routing-document.ts': 'routing:edit',
  'models/list-model-options.ts': 'routing:edit (the routing editor’s model picker)',
  'budgets/acknowledge-alert.ts': 'budgets:edit',
  'budgets/create-budget.ts': 'budgets:edit',
  'budgets/update-budget.ts': 'budgets:edit',
  'budgets/set-budget-paused.ts': 'budgets:edit',
  'budgets/delete-budget.ts': 'budgets:edit',
  'budgets/evaluate-budgets.ts': 'budgets:edit (evaluate now; the periodic task runs it as Switchyard)',
  'simulations/run-simulation.ts': 'simulations:run',
  'simulations/execute-simulation-run.ts': 'simulations:run',
  'simulations/resolve-simulation-candidate.ts': 'simulations:run',
  'simulations/delete-simulation-run.ts': 'simulations:run (own runs; admins any)',
  'simulations/create-draft-from-frontier-point.ts': 'routing:edit (a frontier point becomes a draft)',
};

const serviceFiles = (fs.readdirSync(SERVICES_DIR, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.split(path.sep).join('/'));

let t: TestDatabase;
let viewer: UserActor;
let member: UserActor;
beforeAll(async () => {
  t = await openTestDatabase();
  await makeUser(t, 'admin');
  viewer = await makeUser(t, 'viewer');
  member = await makeUser(t, 'member');
});
afterAll(async () => t?.destroy());

async function codeOf(call: () => unknown): Promise<string> {
  try {
    await call();
    return 'let through';
  } catch (err) {
    const code = err instanceof AppError ? err.code : String(err);
    return code.startsWith('unauthorized:') || code.startsWith('forbidden:') ? 'refused' : `let through (${code})`;
  }
}

async function servicesIn(file: string) {
  const mod = (await import(path.join(SERVICES_DIR, file))) as Record<string, unknown>;
  return Object.entries(mod).filter((e): e is [string, (...args: unknown[]) => unknown] => typeof e[1] === 'function');
}

describe('services check their caller', () => {
  it('lists only services that exist', () => {
    const listed = [NOT_CALLER_CHECKED, SHARED_MODULES, VIEWER_MAY, MEMBER_MAY].flatMap((list) => Object.keys(list));
    for (const file of listed) {
      expect(serviceFiles).toContain(file);
    }
    expect(serviceFiles.length).toBeGreaterThanOrEqual(50);
  });

  it('has one exported function per service file', async () => {
    const wrong: { file: string; functions: number }[] = [];
    for (const file of serviceFiles.filter((f) => f !== 'context.ts' && !(f in SHARED_MODULES))) {
      const functions = (await servicesIn(file)).length;
      if (functions !== 1) wrong.push({ file, functions });
    }
    expect(wrong).toEqual([]);
  });

  it('refuses anonymous callers, viewers and members wherever the lists above do not allow them', async () => {
    const wrong: Record<string, string>[] = [];
    for (const file of serviceFiles.filter((f) => !(f in NOT_CALLER_CHECKED) && !(f in SHARED_MODULES))) {
      for (const [name, service] of await servicesIn(file)) {
        const id = `${file}#${name}`;
        const anonymous = await codeOf(() => service(as(t, null), {}));
        if (anonymous !== 'refused') wrong.push({ id, anonymous });
        const viewerCode = file in VIEWER_MAY ? 'refused' : await codeOf(() => service(as(t, viewer), {}));
        if (viewerCode !== 'refused') wrong.push({ id, viewer: viewerCode });
        const memberCode = file in MEMBER_MAY ? 'refused' : await codeOf(() => service(as(t, member), {}));
        if (memberCode !== 'refused') wrong.push({ id, member: memberCode });
      }
    }
    expect(wrong).toEqual([]);
  });
});
