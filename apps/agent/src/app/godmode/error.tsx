"use client";

import { RouteError } from "@/components/route-error";

export default function GodmodeError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="God Mode could not be loaded" {...props} />;
}
