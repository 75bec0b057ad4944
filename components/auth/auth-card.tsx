export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-8 shadow-xl">
        <div className="mb-6 flex items-center gap-2">
          <span aria-hidden className="inline-block h-6 w-6 rounded bg-gradient-to-br from-brand-500 to-emerald-400" />
          <span className="text-lg font-semibold tracking-tight">Switchyard</span>
        </div>
        <h1 className="text-base font-semibold text-slate-900">{title}</h1>
        {subtitle ? <p className="mt-1 text-sm text-slate-600">{subtitle}</p> : null}
        <div className="mt-6">{children}</div>
      </div>
    </main>
  );
}
