import { cancelRun } from "@switchyard/core/runs/actions";
import { route } from "@/lib/api";
import { RunParams } from "../schema";

export const POST = route({ role: "OPERATOR", params: RunParams }, async ({ ctx, params }) => ({ run: await cancelRun(ctx, params.kind, params.id) }));
