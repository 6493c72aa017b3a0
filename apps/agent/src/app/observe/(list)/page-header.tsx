export function PageHeader() {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Observe</h1>
      <p className="mt-1 text-sm text-zinc-500">Every run of every agent, workflow, network, campaign and pulse, as it happens.</p>
    </div>
  );
}
