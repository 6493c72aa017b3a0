import { ChevronRight } from "lucide-react";
import type { ReactNode } from "react";

/**
 * JSON pretty-printed as a tree whose objects and arrays fold (native <details>, so it works before
 * hydration and from the keyboard). Levels deeper than `openDepth` start folded.
 */
export function JsonView({ value, openDepth = 2, className }: { value: unknown; openDepth?: number; className?: string }) {
  return (
    <div
      data-testid="json-view"
      className={`overflow-x-auto rounded-lg border border-zinc-200 bg-zinc-50/70 px-3 py-2 font-mono text-xs leading-5 text-zinc-800 ${className ?? ""}`}
    >
      <JsonNode value={value} depth={0} openDepth={openDepth} isLast />
    </div>
  );
}

function JsonNode({ value, name, depth, openDepth, isLast }: { value: unknown; name?: string; depth: number; openDepth: number; isLast: boolean }) {
  const comma = isLast ? "" : ",";
  const key = name === undefined ? null : <span className="text-violet-700">{JSON.stringify(name)}</span>;
  const label = (content: ReactNode) => (
    <>
      {key}
      {key && <span className="text-zinc-400">: </span>}
      {content}
    </>
  );

  if (value === null || typeof value !== "object") {
    return (
      <div className="pl-4 break-words whitespace-pre-wrap">
        {label(<Primitive value={value} />)}
        <span className="text-zinc-400">{comma}</span>
      </div>
    );
  }

  const entries: [string | undefined, unknown][] = Array.isArray(value) ? value.map((item) => [undefined, item]) : Object.entries(value);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className="pl-4">
        {label(<span className="text-zinc-500">{open + close}</span>)}
        <span className="text-zinc-400">{comma}</span>
      </div>
    );
  }
  const count = Array.isArray(value) ? `${entries.length} item${entries.length === 1 ? "" : "s"}` : `${entries.length} key${entries.length === 1 ? "" : "s"}`;
  return (
    <details open={depth < openDepth} className="group">
      <summary className="-ml-0.5 flex cursor-pointer list-none items-start rounded hover:bg-zinc-100 [&::-webkit-details-marker]:hidden">
        <ChevronRight className="mt-0.5 size-3.5 shrink-0 text-zinc-400 transition-transform group-open:rotate-90" aria-hidden />
        <span>
          {label(<span className="text-zinc-500">{open}</span>)}
          <span className="text-zinc-400 group-open:hidden">
            …{close}
            {comma} <span className="font-sans">{count}</span>
          </span>
        </span>
      </summary>
      <div className="ml-[7px] border-l border-zinc-200">
        {entries.map(([childName, child], index) => (
          <JsonNode key={childName ?? index} value={child} name={childName} depth={depth + 1} openDepth={openDepth} isLast={index === entries.length - 1} />
        ))}
      </div>
      <div className="pl-4">
        <span className="text-zinc-500">{close}</span>
        <span className="text-zinc-400">{comma}</span>
      </div>
    </details>
  );
}

function Primitive({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className="text-emerald-700">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="text-sky-700">{value}</span>;
  if (typeof value === "boolean") return <span className="text-amber-700">{String(value)}</span>;
  return <span className="text-zinc-400">null</span>;
}
