import { getRunDetail } from "@switchyard/core/runs/detail";
import { route } from "@/lib/api";
import { RunParams } from "./schema";

export const GET = route({ params: RunParams }, async ({ ctx, params }) => getRunDetail(ctx, params.kind, params.id));
