import { PageSkeleton } from "@switchyard/ui/components";
import { PageHeader } from "./page-header";

export default function CommandLoading() {
  return <PageSkeleton label="Loading reviews" cards={5} rows={6} header={<PageHeader />} />;
}
