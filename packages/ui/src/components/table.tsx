import type { ReactNode } from "react";

export interface TableColumn {
  key: string;
  /** Usually text; a control of its own (a select-all checkbox, say) also fits. */
  label: ReactNode;
  /** Width and alignment of the column, e.g. "w-24 text-right". */
  className?: string;
  /** Announced to screen readers but not shown (a column of row actions, say). */
  srOnly?: boolean;
}

/** The header row of the app's data tables: small uppercase labels on a tinted band. */
export function TableHead({
  columns,
  sticky = false,
}: {
  columns: readonly TableColumn[] /** Keeps the header on top inside a scrolling container. */;
  sticky?: boolean;
}) {
  return (
    <thead className={sticky ? "sticky top-0 z-10" : undefined}>
      <tr className="border-b border-zinc-200 bg-zinc-50/80 text-left text-xs font-medium tracking-wide text-zinc-500 uppercase">
        {columns.map((column) => (
          <th key={column.key} scope="col" className={`px-4 py-2.5 font-medium ${column.className ?? ""}`}>
            {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
