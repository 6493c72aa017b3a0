"use client";

import { RouteError } from "@/components/route-error";

export default function RuntimeAdminError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="The runtime status could not be loaded" {...props} />;
}
