"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "@switchyard/core/tenancy/audit-actions";
import { Card, EmptyState, ErrorState, LoadMoreButton, Skeleton, TableHead } from "@switchyard/ui/components";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { ApiError, requestJson, retryUnlessClientError } from "@/components/api-client";
import { formatExactTime } from "@/components/runs/format";
import { settingsKeys, type AuditEntry } from "./api";

const PAGE_SIZE = 50;
const COLUMNS = [
  { key: "when", label: "When", className: "w-56" },
  { key: "who", label: "Who", className: "w-56" },
  { key: "what", label: "Action", className: "w-56" },
  { key: "target", label: "Target" },
  { key: "change", label: "Change" },
];
const FILTERS = [
  { name: "action", label: "Action", options: AUDIT_ACTIONS },
  { name: "targetType", label: "Target", options: AUDIT_TARGET_TYPES },
] as const;

/** "role: VIEWER → ADMIN" from the entry's before/after, or the one that is there. */
function describeChange(entry: AuditEntry): string {
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const after = (entry.after ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .map((key) => {
      if (key in before && key in after) return `${key}: ${String(before[key])} → ${String(after[key])}`;
      return `${key}: ${String(key in after ? after[key] : before[key])}`;
    })
    .join(" · ");
}

export function AuditView() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = new URLSearchParams();
  for (const filter of FILTERS) {
    const value = searchParams.get(filter.name);
    if (value && (filter.options as readonly string[]).includes(value)) filters.set(filter.name, value);
  }
  const filterKey = filters.toString();

  const audit = useInfiniteQuery({
    queryKey: settingsKeys.audit(filterKey),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(filters);
      params.set("limit", String(PAGE_SIZE));
      if (pageParam) params.set("cursor", pageParam);
      return requestJson<{ entries: AuditEntry[]; nextCursor: string | null }>(`/api/audit?${params}`, { signal });
    },
    getNextPageParam: (page) => page.nextCursor,
    retry: retryUnlessClientError,
  });

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(filters);
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(next.size ? `${pathname}?${next}` : pathname);
  }

  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        {FILTERS.map((filter) => (
          <label key={filter.name} className="flex items-center gap-2 text-sm text-zinc-600">
            {filter.label}
            <select
              name={filter.name}
              value={filters.get(filter.name) ?? ""}
              onChange={(event) => setFilter(filter.name, event.target.value)}
              className="rounded-md border border-zinc-200 bg-white px-2 py-1 text-sm text-zinc-800"
            >
              <option value="">All</option>
              {filter.options.map((option) => (
                <option key={option} value={option}>
                  {option}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <Card>
        {audit.isPending ? (
          <div className="space-y-3 p-4" role="status" aria-busy="true" aria-label="Loading the audit log">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        ) : audit.isError ? (
          <div className="p-4">
            <ErrorState
              message={audit.error instanceof ApiError ? audit.error.message : "Could not load the audit log."}
              onRetry={() => void audit.refetch()}
            />
          </div>
        ) : entries.length === 0 ? (
          <EmptyState title={filterKey ? "No entries match these filters" : "Nothing recorded yet"}>
            Administrative actions appear here as they happen.
          </EmptyState>
        ) : (
          <table className="w-full text-sm">
            <TableHead columns={COLUMNS} />
            <tbody className="divide-y divide-zinc-100">
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry">
                  <td className="px-4 py-2.5 text-zinc-600">{formatExactTime(entry.createdAt)}</td>
                  <td className="px-4 py-2.5">
                    <div className="text-zinc-900">{entry.actorLabel}</div>
                    <div className="text-xs text-zinc-500">
                      {entry.actorType === "apiKey" ? "API key" : entry.actorType === "cli" ? "command line" : "user"}
                    </div>
                  </td>
                  <td className="px-4 py-2.5 font-mono text-xs text-zinc-800">{entry.action}</td>
                  <td className="px-4 py-2.5 text-zinc-700">{entry.targetLabel ?? entry.targetId}</td>
                  <td className="px-4 py-2.5 text-xs text-zinc-500">{describeChange(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <div className="flex justify-center">
        <LoadMoreButton query={audit} label="Older entries" />
      </div>
    </div>
  );
}
