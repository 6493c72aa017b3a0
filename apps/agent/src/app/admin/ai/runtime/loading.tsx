import { PageSkeleton } from "@switchyard/ui/components";
import { PageHeader } from "./page-header";

export default function RuntimeAdminLoading() {
  return <PageSkeleton label="Loading runtime status" header={<PageHeader />} cards={4} />;
}
