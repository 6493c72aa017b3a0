import { Button, type ButtonProps } from "./button.tsx";

/** The parts of a TanStack infinite query that paging needs. */
export interface PagedQueryLike {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

/** "Load more" for cursor-paged lists: hidden when there is nothing more, says so when a page failed. */
export function LoadMoreButton({
  query,
  label = "Load more",
  ...buttonProps
}: { query: PagedQueryLike; label?: string } & Omit<ButtonProps, "onClick" | "disabled" | "children">) {
  if (!query.hasNextPage && !query.isFetchNextPageError) return null;
  return (
    <span className="inline-flex items-center gap-3">
      {query.isFetchNextPageError && (
        <span role="alert" className="text-xs text-red-600">
          Could not load more.
        </span>
      )}
      <Button {...buttonProps} onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {query.isFetchingNextPage ? "Loading…" : label}
      </Button>
    </span>
  );
}
