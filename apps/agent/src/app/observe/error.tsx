"use client";

import { RouteError } from "@/components/route-error";

export default function ObserveError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="Runs could not be loaded" {...props} />;
}
