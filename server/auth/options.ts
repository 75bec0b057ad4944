/** next-auth configuration: email + password, JWT sessions that carry the user's id and role. */
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getAuthSecret } from '@/lib/auth/secret';
import { AppError } from '@/lib/errors';
import { PEER_HEADER, PEER_HEADER_MARK, resolveClientAddress } from '@/lib/auth/client-address';
import { safeCallbackUrl } from '@/lib/auth/sign-in-errors';
import { getEnv } from '@/lib/env';
import { authenticate } from '@/services/auth/authenticate';
import { contextFor } from '../context';

const credentialsSchema = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

/**
 * The socket's address as scripts/serve.mjs stamped it (trusted only when that server runs us; the start
 * warns otherwise), or forwarded through the configured trusted proxies.
 */
function clientAddressOf(headers: Record<string, string | string[] | undefined> | undefined): string {
  const stamped = (globalThis as Record<symbol, unknown>)[PEER_HEADER_MARK] === true;
  const peer = headers?.[PEER_HEADER];
  return resolveClientAddress({
    peer: stamped && typeof peer === 'string' ? peer : undefined,
    forwardedFor: headers?.['x-forwarded-for'],
    trustedHops: getEnv().SWITCHYARD_TRUSTED_PROXY_HOPS ?? 0,
  });
}

export function authOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    logger: {
      // An expired or tampered session cookie is routine: one line, not a stack trace.
      error(code, metadata) {
        if (code === 'JWT_SESSION_ERROR') console.warn('[switchyard] refused an invalid or expired session token');
        else console.error(`[switchyard] auth error ${code}`, metadata);
      },
      warn(code) {
        // A missing or http NEXTAUTH_URL is said once at start, in words (lib/auth/startup-warnings.ts).
        if (code !== 'NEXTAUTH_URL') console.warn(`[switchyard] auth warning ${code}`);
      },
      debug() {},
    },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) throw new Error('bad_request:auth');
          try {
            const actor = await authenticate(await contextFor(null), { ...parsed.data, clientAddress: clientAddressOf(req.headers) });
            return { id: actor.userId, email: actor.email, name: actor.name, role: actor.role };
          } catch (err) {
            // next-auth passes the thrown message to the client as `error`: send only the stable code.
            throw new Error(err instanceof AppError ? err.code : 'internal:auth');
          }
        },
      }),
    ],
    callbacks: {
      // next-auth's default accepts any path starting with "/"; ours resolves it first (no open redirect).
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackUrl(url, baseUrl), baseUrl).href;
      },
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) Object.assign(session.user, { id: token.uid, role: token.role });
        return session;
      },
    },
  };
}
