import { PageSkeleton } from "@switchyard/ui/components";
import { PageHeader } from "./page-header";

export default function ObserveLoading() {
  return <PageSkeleton label="Loading runs" cards={6} rows={8} header={<PageHeader />} />;
}
