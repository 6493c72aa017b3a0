"use client";

import { TableHead, cn } from "@switchyard/ui/components";
import { flexRender, getCoreRowModel, useReactTable, type Header, type RowData, type Table, type TableOptions } from "@tanstack/react-table";
import { ArrowDown, ArrowUp } from "lucide-react";
import { Fragment, type HTMLAttributes, type ReactNode, type TdHTMLAttributes } from "react";

/** The browser tests find rows and cells by their data-* attributes, so callers may set any. */
type DataAttributes = { [name: `data-${string}`]: string | number | boolean | undefined };
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & DataAttributes;
export type CellAttributes = TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;

declare module "@tanstack/react-table" {
  // TValue is unused, but an augmentation must repeat TanStack's type parameters.
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Width and alignment of the column, e.g. "w-24 text-right", as TableHead takes it. */
    className?: string;
    /** The header is announced to screen readers but not shown (a column of row actions, say). */
    srOnly?: boolean;
    /** Attributes of this column's cell in a row: classes beyond the table's, a title, a test id. */
    cell?: (row: TData) => CellAttributes;
  }
}

/**
 * A TanStack table whose rows arrive already filtered, sorted and paged (by the server, a load-more
 * button or the URL): the table only lays them out, so it never re-sorts or resets a page itself.
 * Its headers sort only when the caller takes the sort changes (`onSortingChange`) and orders the rows.
 */
export function useDataTable<TData>(options: Omit<TableOptions<TData>, "getCoreRowModel"> & Required<Pick<TableOptions<TData>, "getRowId">>): Table<TData> {
  return useReactTable({
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    enableSorting: options.onSortingChange !== undefined,
    ...options,
  });
}

interface DataTableProps<TData> {
  table: Table<TData>;
  className?: string;
  bodyClassName?: string;
  /** Classes every body cell shares; a column's `meta.cell` adds its own. */
  cellClassName?: string;
  /** Keeps the header on top inside a scrolling container. */
  sticky?: boolean;
  "data-testid"?: string;
  /** Test ids, data-* attributes and classes (hover, severity tint) of a row. */
  rowProps?: (row: TData) => RowAttributes;
  /** Whole rows rendered right after a row, e.g. an editor it opened. */
  renderAfterRow?: (row: TData) => ReactNode;
}

/** One `<table>` for every column-defined table of the app; each cell carries `data-col` = its column id. */
export function DataTable<TData>({
  table,
  className,
  bodyClassName,
  cellClassName,
  sticky = false,
  rowProps,
  renderAfterRow,
  "data-testid": testId,
}: DataTableProps<TData>) {
  const headers = table.getLeafHeaders();
  return (
    <table className={className} data-testid={testId}>
      {headers.some((header) => header.column.getCanSort()) ? (
        <SortableHead headers={headers} />
      ) : (
        <TableHead
          sticky={sticky}
          columns={headers.map((header) => ({
            key: header.id,
            label: typeof header.column.columnDef.header === "function" ? flexRender(header.column.columnDef.header, header.getContext()) : headerLabel(header),
            className: header.column.columnDef.meta?.className,
            srOnly: header.column.columnDef.meta?.srOnly,
          }))}
        />
      )}
      <tbody className={bodyClassName}>
        {table.getRowModel().rows.map((row) => (
          <Fragment key={row.id}>
            <tr {...rowProps?.(row.original)}>
              {row.getVisibleCells().map((cell) => {
                const attributes = cell.column.columnDef.meta?.cell?.(row.original);
                return (
                  <td key={cell.id} data-col={cell.column.id} {...attributes} className={cn(cellClassName, attributes?.className) || undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                );
              })}
            </tr>
            {renderAfterRow?.(row.original)}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function headerLabel<TData>(header: Header<TData, unknown>): string {
  const label = header.column.columnDef.header;
  return typeof label === "string" ? label : header.id;
}

/**
 * The compact header of a sortable table: a sortable column's label is a button that asks the table to
 * sort (the caller decides what that means, e.g. a URL change), and the sorted column carries aria-sort.
 */
function SortableHead<TData>({ headers }: { headers: Header<TData, unknown>[] }) {
  return (
    <thead>
      <tr className="bg-zinc-50/80 text-left text-xs font-medium text-zinc-500">
        {headers.map((header) => {
          const sorted = header.column.getIsSorted();
          const Arrow = sorted === "desc" ? ArrowDown : ArrowUp;
          const label = headerLabel(header);
          return (
            <th
              key={header.id}
              scope="col"
              className={cn("whitespace-nowrap border-b border-zinc-200 px-2 py-2 font-medium first:pl-4 last:pr-4", header.column.columnDef.meta?.className)}
              aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
            >
              {header.column.getCanSort() ? (
                <button
                  type="button"
                  className={cn("inline-flex items-center gap-1 hover:text-zinc-900", sorted && "text-zinc-900")}
                  onClick={header.column.getToggleSortingHandler()}
                >
                  {label}
                  <Arrow className={cn("size-3", !sorted && "opacity-0")} aria-hidden />
                </button>
              ) : typeof header.column.columnDef.header === "function" ? (
                // A header that renders a control of its own (a select-all checkbox, say).
                flexRender(header.column.columnDef.header, header.getContext())
              ) : (
                label
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
