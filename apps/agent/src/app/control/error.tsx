"use client";

import { RouteError } from "@/components/route-error";

export default function ControlError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="The control cockpit could not be loaded" {...props} />;
}
