"use client";

import { RouteError } from "@/components/route-error";

export default function CommandError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="Reviews could not be loaded" {...props} />;
}
