import NextAuth from 'next-auth';
import { authOptions } from '@/lib/auth/options';

// Options are built per request (not at import) so `next build` never reads secrets or the database.
async function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(req as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
