import Link from "next/link";
import { ArrowUpRight } from "lucide-react";
import { JsonView } from "./json-view";
import { runDetailPath } from "./run-api";

/** A step's error, sub-run link, input and output: shown under a timeline row and beside the graph. */
export function StepIO({
  error,
  input,
  output,
  subRun,
  columns = false,
}: {
  error: string | null;
  input: unknown;
  output: unknown;
  subRun: { kind: string; id: string } | null;
  columns?: boolean;
}) {
  return (
    <div className="space-y-3">
      {error && <p className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm break-words text-red-800">{error}</p>}
      {subRun && (
        <Link href={runDetailPath(subRun.kind, subRun.id)} className="inline-flex items-center gap-1 text-sm font-medium text-sky-700 hover:text-sky-900">
          Open the {subRun.kind} run
          <ArrowUpRight className="size-3.5" aria-hidden />
        </Link>
      )}
      <div className={columns ? "grid gap-4 lg:grid-cols-2" : "space-y-3"}>
        <IOBlock label="Input" value={input} />
        <IOBlock label="Output" value={output} />
      </div>
    </div>
  );
}

function IOBlock({ label, value }: { label: string; value: unknown }) {
  return (
    <section className="min-w-0">
      <h4 className="mb-1 text-xs font-medium tracking-wide text-zinc-500 uppercase">{label}</h4>
      {value === null || value === undefined ? <p className="text-sm text-zinc-400">None recorded</p> : <JsonView value={value} />}
    </section>
  );
}
