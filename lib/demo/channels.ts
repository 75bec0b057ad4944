/**
 * The demo's alert channel: a signed webhook to a host that cannot exist (`.invalid` is reserved, RFC 2606), so
 * the demo shows deliveries as they really go when a receiver is unreachable — each attempt logged with its DNS
 * error, retried on the schedule, failed at the end — never a made-up success. Budgets in the demo may name it
 * (find it by name); the seed attaches it to every demo alert.
 */
export const DEMO_CHANNEL = { kind: 'webhook', name: 'Ops webhook (unreachable demo)', url: 'https://hooks.invalid/switchyard' } as const;
