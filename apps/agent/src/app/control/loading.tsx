import { PageSkeleton } from "@switchyard/ui/components";

export default function ControlLoading() {
  return <PageSkeleton label="Loading the control cockpit" cards={5} rows={6} />;
}
