export function PageHeader() {
  return (
    <div className="mb-6">
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">Admin · AI</div>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">Runtime</h1>
      <p className="mt-1 text-sm text-zinc-500">Workers, circuit breakers, the job queue and every runtime event, for diagnosing what the agents run on.</p>
    </div>
  );
}
