"use client";

import { RouteError } from "@/components/route-error";

export default function RunDetailError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="This run could not be loaded" {...props} />;
}
