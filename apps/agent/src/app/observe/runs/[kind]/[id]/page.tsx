import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasRole } from "@switchyard/core/context";
import { AppError } from "@switchyard/core/errors";
import { getRunDetail, RunParams } from "@switchyard/core/runs/detail";
import { requireSession } from "@/components/require-session";
import { runDetailPath } from "@/components/runs/detail/run-api";
import { RunDetailView } from "@/components/runs/detail/run-detail-view";
import type { RunDetailResponse } from "@/components/runs/detail/types";

export const metadata: Metadata = { title: "Run" };

// No loading.tsx on this route or above it (the runs list keeps its own in the (list) group): a
// loading boundary starts the response before notFound() runs, and an unknown run must be a 404.

interface RunDetailPageProps {
  params: Promise<{ kind: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function RunDetailPage({ params, searchParams }: RunDetailPageProps) {
  const { kind, id } = await params;
  const { tab } = await searchParams;
  const ctx = await requireSession(`${runDetailPath(kind, id)}${typeof tab === "string" ? `?tab=${encodeURIComponent(tab)}` : ""}`);
  const parsed = RunParams.safeParse({ kind, id });
  if (!parsed.success) notFound();

  const detail = await getRunDetail(ctx, parsed.data.kind, parsed.data.id).catch((error: unknown) => {
    // Another organization's run is a 404 too, so an id says nothing about who owns it.
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  // Through JSON, so the first paint reads exactly what every later poll of the API returns.
  const initialData = JSON.parse(JSON.stringify(detail)) as RunDetailResponse;

  return (
    <RunDetailView
      key={`${parsed.data.kind}:${parsed.data.id}`}
      initialData={initialData}
      loadedAt={Date.now()}
      canOperate={hasRole(ctx.actor, "OPERATOR")}
      initialTab={typeof tab === "string" ? tab : null}
    />
  );
}
