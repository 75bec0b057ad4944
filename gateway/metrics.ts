/**
 * Counters and gauges in the Prometheus text format (GET /metrics). A dozen series need no client library: a
 * counter is a map from its label string to a number, rendered on scrape.
 */
type Labels = Record<string, string>;

const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
};

/** Label strings by their values, so a hot counter does not rebuild its key on every request. */
const keyCache = new Map<string, string>();
const keyOf = (labels: Labels) => {
  let id = '';
  for (const k in labels) id += `${k}\u0000${labels[k]}\u0001`;
  let key = keyCache.get(id);
  if (key === undefined) {
    key = labelText(labels);
    if (keyCache.size < 10_000) keyCache.set(id, key);
  }
  return key;
};

class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = keyOf(labels);
    this.values.set(k, (this.values.get(k) ?? 0) + by);
  }
  get(labels: Labels = {}): number {
    return this.values.get(keyOf(labels)) ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [k, v] of this.values) lines.push(`${this.name}${k} ${v}`);
    return lines.join('\n');
  }
}

class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}
  render(): string {
    return `# HELP ${this.name} ${this.help}\n# TYPE ${this.name} gauge\n${this.name} ${this.read()}`;
  }
}

export function createMetrics() {
  const requests = new Counter('switchyard_gateway_requests_total', 'Client requests by API and outcome.');
  const attempts = new Counter('switchyard_gateway_upstream_attempts_total', 'Upstream calls by provider and result.');
  const fallbacks = new Counter('switchyard_gateway_fallbacks_total', 'Upstream calls made after an earlier attempt failed.');
  const budgetActions = new Counter('switchyard_gateway_budget_actions_total', 'Requests blocked or downgraded by a budget.');
  const events = new Counter('switchyard_gateway_events_reported_total', 'Usage events Switchyard answered for, by result.');
  const dropped = new Counter('switchyard_gateway_spool_dropped_total', 'Usage events dropped because the spool was full.');
  const pulls = new Counter('switchyard_gateway_config_pulls_total', 'Pulls of the routing document and budget state, by result.');
  const gauges: Gauge[] = [];
  return {
    requests,
    attempts,
    fallbacks,
    budgetActions,
    events,
    dropped,
    pulls,
    gauge(name: string, help: string, read: () => number) {
      gauges.push(new Gauge(name, help, read));
    },
    render(): string {
      return `${[requests, attempts, fallbacks, budgetActions, events, dropped, pulls, ...gauges].map((m) => m.render()).join('\n')}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
