/**
 * Redirects only: a signed-out visitor goes to /login. It grants nothing — every page, route handler
 * and server action checks the caller itself, because requests can skip this layer.
 */
import { getToken } from 'next-auth/jwt';
import { NextResponse, type NextRequest } from 'next/server';
import { getAuthSecret } from '@/lib/auth/secret';

const PUBLIC_PREFIXES = ['/login', '/setup', '/api/', '/_next/', '/favicon', '/icon'];
const SESSION_COOKIES = ['next-auth.session-token', '__Secure-next-auth.session-token'];

export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  if (PUBLIC_PREFIXES.some((p) => pathname.startsWith(p))) return NextResponse.next();
  const token = await getToken({ req, secret: getAuthSecret() });
  if (token) return NextResponse.next();
  const login = new URL('/login', req.url);
  login.searchParams.set('callbackUrl', `${pathname}${search}`);
  if (SESSION_COOKIES.some((c) => req.cookies.has(c))) login.searchParams.set('reason', 'expired');
  return NextResponse.redirect(login);
}

export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] };
