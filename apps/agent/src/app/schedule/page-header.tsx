export function PageHeader() {
  return (
    <div className="mb-6">
      <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">Schedule</h1>
      <p className="mt-1 text-sm text-zinc-500">Every schedule, trigger, campaign and pulse: what fires when, how healthy it is and what it costs.</p>
    </div>
  );
}
