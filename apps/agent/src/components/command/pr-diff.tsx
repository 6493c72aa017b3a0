"use client";

import { useQuery } from "@tanstack/react-query";
import { Badge, Button, ErrorState, Placeholders, Skeleton, cn } from "@switchyard/ui/components";
import { ChevronDown, ChevronRight, FileDiff, GitPullRequest } from "lucide-react";
import { useMemo, useState } from "react";
import { ApiError } from "@/components/api-client";
import { fetchReviewDiff, reviewDiffQueryKey, type Review } from "./api";
import { parseUnifiedDiff, type DiffFile, type DiffLine } from "./diff";

/** Lines shown per file before "Show all": a generated file can be tens of thousands of lines. */
const LINES_PER_FILE = 400;
/** Files expanded at first; the rest open on click. */
const FILES_OPEN = 3;

const LINE_STYLES: Record<DiffLine["kind"], string> = {
  add: "bg-emerald-50 text-emerald-900",
  del: "bg-red-50 text-red-900",
  context: "text-zinc-700",
  hunk: "bg-sky-50 text-sky-700",
  meta: "text-zinc-400 italic",
};
const LINE_SIGNS: Record<DiffLine["kind"], string> = { add: "+", del: "-", context: " ", hunk: "", meta: "" };
const STATUS_TONES = { added: "success", deleted: "danger", renamed: "violet", modified: "neutral" } as const;

/**
 * The change's diff, inline in the review card: the patch the workflow recorded, or the pull
 * request's from GitHub. Opens by itself when the review has either; otherwise on demand, where the
 * API explains why there is none. A refusal (no PR, GitHub not configured, PR not found) is
 * "unavailable", not an error: retrying would not change it.
 */
export function PrDiff({ review }: { review: Review }) {
  const [isOpen, setIsOpen] = useState(review.hasRecordedPatch || review.pullRequest !== null);
  const diff = useQuery({
    queryKey: reviewDiffQueryKey(review.id),
    queryFn: ({ signal }) => fetchReviewDiff(review.id, signal),
    enabled: isOpen,
    retry: false,
    staleTime: 5 * 60_000,
  });
  const files = useMemo(() => (diff.data ? parseUnifiedDiff(diff.data.diff) : []), [diff.data]);
  const isUnavailable = diff.error instanceof ApiError && [404, 409, 422].includes(diff.error.status);
  const Chevron = isOpen ? ChevronDown : ChevronRight;

  return (
    <section aria-label="Pull request diff" data-testid="pr-diff">
      <button
        type="button"
        onClick={() => setIsOpen(!isOpen)}
        aria-expanded={isOpen}
        className="flex items-center gap-1.5 text-xs font-medium text-zinc-600 hover:text-zinc-900"
      >
        <Chevron className="size-3.5" aria-hidden />
        <GitPullRequest className="size-3.5" aria-hidden />
        Pull request diff
        {review.pullRequest && (
          <span className="font-mono font-normal text-zinc-500">
            {review.pullRequest.repo}#{review.pullRequest.number}
          </span>
        )}
        {review.hasRecordedPatch && <span className="font-normal text-zinc-500">· as recorded by the workflow</span>}
      </button>
      {isOpen && (
        <div className="mt-2">
          {diff.isPending && (
            <div role="status" aria-busy="true" aria-label="Loading diff" className="space-y-1.5 rounded-lg border border-zinc-200 p-3">
              <Placeholders count={5}>{(index) => <Skeleton className={cn("h-3", index % 2 ? "w-2/3" : "w-full")} />}</Placeholders>
            </div>
          )}
          {isUnavailable && (
            <div
              className="flex items-start gap-2 rounded-lg border border-dashed border-zinc-300 bg-zinc-50 px-3 py-2.5 text-xs text-zinc-600"
              data-testid="diff-unavailable"
            >
              <FileDiff className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden />
              <div>
                <div className="font-medium text-zinc-800">Diff unavailable</div>
                <div>{diff.error?.message}</div>
              </div>
            </div>
          )}
          {diff.isError && !isUnavailable && (
            <ErrorState title="The diff could not be loaded" message={diff.error.message} onRetry={() => void diff.refetch()} />
          )}
          {diff.data && (files.length === 0 ? <p className="text-xs text-zinc-500">This pull request changes no files.</p> : <DiffFiles files={files} />)}
        </div>
      )}
    </section>
  );
}

function DiffFiles({ files }: { files: DiffFile[] }) {
  const additions = files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = files.reduce((sum, file) => sum + file.deletions, 0);
  return (
    <div className="space-y-2" data-testid="diff-files">
      <div className="text-xs text-zinc-500">
        {files.length} {files.length === 1 ? "file" : "files"} changed · <span className="text-emerald-700">+{additions}</span>{" "}
        <span className="text-red-700">−{deletions}</span>
      </div>
      {files.map((file, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a patch can list one path twice, and the parsed list never reorders
        <DiffFileView key={`${file.path}:${index}`} file={file} defaultOpen={index < FILES_OPEN} />
      ))}
    </div>
  );
}

function DiffFileView({ file, defaultOpen }: { file: DiffFile; defaultOpen: boolean }) {
  const [isOpen, setIsOpen] = useState(defaultOpen);
  const [showAll, setShowAll] = useState(false);
  const lines = showAll ? file.lines : file.lines.slice(0, LINES_PER_FILE);
  const Chevron = isOpen ? ChevronDown : ChevronRight;
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200">
      <button
        type="button"
        onClick={() => setIsOpen(!isOpen)}
        aria-expanded={isOpen}
        className="flex w-full items-center gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-left text-xs hover:bg-zinc-100"
      >
        <Chevron className="size-3.5 shrink-0 text-zinc-500" aria-hidden />
        <span className="min-w-0 flex-1 truncate font-mono text-zinc-900" title={file.path}>
          {file.status === "renamed" && file.oldPath ? `${file.oldPath} → ${file.path}` : file.path}
        </span>
        {file.status !== "modified" && <Badge tone={STATUS_TONES[file.status]}>{file.status}</Badge>}
        <span className="shrink-0 font-mono text-emerald-700">+{file.additions}</span>
        <span className="shrink-0 font-mono text-red-700">−{file.deletions}</span>
      </button>
      {isOpen &&
        (file.isBinary ? (
          <p className="px-3 py-2 text-xs text-zinc-500">Binary file not shown.</p>
        ) : file.lines.length === 0 ? (
          <p className="px-3 py-2 text-xs text-zinc-500">No content changes.</p>
        ) : (
          <div className="max-h-96 overflow-auto">
            <table className="w-full border-collapse font-mono text-[11px] leading-5">
              <tbody>
                {lines.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a parsed patch's lines never reorder, and hunk and meta lines have no line numbers
                  <tr key={index} className={LINE_STYLES[line.kind]} data-line-kind={line.kind}>
                    <td className="w-10 select-none px-2 text-right text-zinc-400 tabular-nums">{line.oldLine ?? ""}</td>
                    <td className="w-10 select-none px-2 text-right text-zinc-400 tabular-nums">{line.newLine ?? ""}</td>
                    <td className="w-4 select-none text-center">{LINE_SIGNS[line.kind]}</td>
                    <td className="pr-3 whitespace-pre">{line.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {!showAll && file.lines.length > LINES_PER_FILE && (
              <div className="border-t border-zinc-200 px-3 py-1.5">
                <Button size="sm" variant="ghost" onClick={() => setShowAll(true)}>
                  Show all {file.lines.length} lines
                </Button>
              </div>
            )}
          </div>
        ))}
    </div>
  );
}
