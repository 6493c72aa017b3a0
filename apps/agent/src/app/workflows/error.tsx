"use client";

import { RouteError } from "@/components/route-error";

export default function WorkflowsError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="Workflows could not be loaded" {...props} />;
}
