/**
 * The demo's gateways (scripts/seed-demo.ts): they pull GET /api/v1/routing through its route handler with the demo's
 * routing:read key. One follows every publish; the legacy one pulled version 1 and still runs it, so the Routing page's
 * gateway list shows a current gateway and one flagged as running an old version.
 */
export const DEMO_GATEWAYS = { current: 'demo-gateway-current', legacy: 'demo-gateway-legacy-v1' } as const;
export const DEMO_GATEWAY_KEY_NAME = 'demo gateway key';
export const DEMO_GATEWAY_USER_AGENT = 'switchyard-demo-gateway/1 (scripts/seed-demo.ts)';
