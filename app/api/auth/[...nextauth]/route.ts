import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';
import { route } from '@/server/http/route';

// Options are built per request (not at import) so `next build` never reads secrets or the database.
const handler = route<{ nextauth: string[] }>({ public: 'the sign-in endpoint itself; next-auth checks its own CSRF token' }, (req, next) =>
  NextAuth(req as never, next as never, authOptions()),
);

export { handler as GET, handler as POST };
