import { PageSkeleton } from "@switchyard/ui/components";
import { PageHeader } from "./page-header";

export default function ScheduleLoading() {
  return <PageSkeleton label="Loading automations" cards={6} rows={8} header={<PageHeader />} />;
}
