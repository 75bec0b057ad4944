import 'next-auth';
import 'next-auth/jwt';

type Role = 'admin' | 'member' | 'viewer';

declare module 'next-auth' {
  interface User {
    role?: Role;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}
