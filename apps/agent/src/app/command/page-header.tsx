export function PageHeader() {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Command</h1>
      <p className="mt-1 text-sm text-zinc-500">
        Everything waiting for a human decision: workflow gates, campaign plans, missions, integrations and spending.
      </p>
    </div>
  );
}
