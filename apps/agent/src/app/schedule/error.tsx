"use client";

import { RouteError } from "@/components/route-error";

export default function ScheduleError(props: { error: unknown; retry: () => void }) {
  return <RouteError title="Automations could not be loaded" {...props} />;
}
