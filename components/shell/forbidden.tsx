export function Forbidden({ role }: { role: string }) {
  return (
    <div className="rounded-lg border border-amber-200 bg-amber-50 px-6 py-10 text-center" data-testid="forbidden">
      <h1 className="text-base font-semibold text-amber-900">You do not have access to this page</h1>
      <p className="mt-2 text-sm text-amber-800">Your role ({role}) cannot open this area. Ask an admin if you need access.</p>
    </div>
  );
}
