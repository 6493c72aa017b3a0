"use client";

import { RouteError } from "@/components/route-error";

export default function NetworksError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="Networks could not be loaded" {...props} />;
}
