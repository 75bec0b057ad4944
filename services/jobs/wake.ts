import 'server-only';
/**
 * How a service that queued a job tells the schedulers of this process to look now rather than at their next
 * poll (services cannot import server/, where the scheduler lives). Other instances find it at their poll.
 */
const state = globalThis as unknown as { __switchyardJobWakers?: Set<() => void> };

export function onJobsQueued(listener: () => void): () => void {
  state.__switchyardJobWakers ??= new Set();
  state.__switchyardJobWakers.add(listener);
  return () => state.__switchyardJobWakers?.delete(listener);
}

export function wakeSchedulers(): void {
  for (const wake of state.__switchyardJobWakers ?? []) wake();
}
