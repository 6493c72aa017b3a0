export function PageHeader() {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">God Mode</h1>
      <p className="mt-1 text-sm text-zinc-500">
        Everything happening across agents, workflows, networks and campaigns, live, with the causal chain behind each execution.
      </p>
    </div>
  );
}
