"use client";

import { RouteError } from "@/components/route-error";

export default function PulsesError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="Pulses could not be loaded" {...props} />;
}
