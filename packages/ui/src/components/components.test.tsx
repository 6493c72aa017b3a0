import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Badge, Button, cn, EmptyState, FilterPills, LoadMoreButton, MetricCard, PageSkeleton, Placeholders, SearchInput, TableHead } from "./index.ts";

describe("cn", () => {
  it("lets a later Tailwind class win over an earlier one of the same property", () => {
    expect(cn("px-2 text-sm", false && "hidden", "px-4")).toBe("text-sm px-4");
  });
});

describe("Button", () => {
  it("is a type=button by default so it never submits a form by accident", () => {
    expect(renderToStaticMarkup(<Button>Save</Button>)).toMatch(/^<button type="button"/);
  });

  it("renders its child with the button styles when asChild is set", () => {
    const html = renderToStaticMarkup(
      <Button asChild variant="primary">
        <a href="/observe">Open</a>
      </Button>,
    );
    expect(html).toMatch(/^<a [^>]*href="\/observe"/);
    expect(html).toContain("bg-zinc-900");
    expect(html).not.toContain("type=");
  });
});

describe("SearchInput", () => {
  it("labels the search box for screen readers and lets the caller's width win", () => {
    const html = renderToStaticMarkup(<SearchInput id="q" label="Search runs" className="w-72" value="scout" readOnly />);
    expect(html).toContain('<label class="sr-only" for="q">Search runs</label>');
    expect(html).toMatch(/<input id="q" type="search" class="[^"]*\bw-72"[^>]*value="scout"/);
    expect(html).not.toMatch(/\bw-64\b/);
  });
});

describe("FilterPills", () => {
  it("marks exactly the selected option as pressed and labels the group", () => {
    const html = renderToStaticMarkup(
      <FilterPills
        label="Kind"
        value="workflow"
        onChange={() => {}}
        options={[
          { value: "all", label: "All" },
          { value: "workflow", label: "Workflow", count: 1200 },
        ]}
      />,
    );
    expect(html).toContain('aria-label="Kind"');
    expect(html.match(/data-state="on"/g)).toHaveLength(1);
    expect(html).toMatch(/data-state="on"[^>]*>Workflow<span[^>]*>1,200<\/span>/);
  });
});

describe("cards and states", () => {
  it("MetricCard shows its label, value and hint", () => {
    const html = renderToStaticMarkup(<MetricCard label="Cost" value="$1.20" hint="last 24 h" data-testid="cost" />);
    expect(html).toContain('data-testid="cost"');
    expect(html).toContain(">Cost<");
    expect(html).toContain(">$1.20<");
    expect(html).toContain(">last 24 h<");
  });

  it("Badge tones map to distinct colours", () => {
    expect(renderToStaticMarkup(<Badge tone="danger">failed</Badge>)).toContain("text-red-700");
    expect(renderToStaticMarkup(<Badge>queued</Badge>)).toContain("text-zinc-700");
  });

  it("EmptyState renders its action", () => {
    const html = renderToStaticMarkup(<EmptyState title="No runs" action={<button type="button">Clear filters</button>} />);
    expect(html).toContain("No runs");
    expect(html).toContain("Clear filters");
  });

  it("Placeholders renders `count` copies, each told its position", () => {
    const html = renderToStaticMarkup(<Placeholders count={3}>{(index) => <i>{index}</i>}</Placeholders>);
    expect(html).toBe("<i>0</i><i>1</i><i>2</i>");
  });

  it("PageSkeleton is a named, busy status region", () => {
    const html = renderToStaticMarkup(<PageSkeleton label="Loading runs" cards={2} rows={3} />);
    expect(html).toMatch(/^<div role="status" aria-busy="true" aria-label="Loading runs">/);
    expect(html.match(/animate-pulse rounded-xl/g)).toHaveLength(2);
  });
});

describe("LoadMoreButton", () => {
  const query = { hasNextPage: true, isFetchingNextPage: false, isFetchNextPageError: false, fetchNextPage: () => {} };

  it("renders nothing when every page is loaded", () => {
    expect(renderToStaticMarkup(<LoadMoreButton query={{ ...query, hasNextPage: false }} />)).toBe("");
  });

  it("is disabled and says so while the next page loads", () => {
    const html = renderToStaticMarkup(<LoadMoreButton query={{ ...query, isFetchingNextPage: true }} label="Load older events" />);
    expect(html).toMatch(/<button [^>]*disabled=""[^>]*>Loading…<\/button>/);
  });

  it("says a failed page could not load and offers the button again", () => {
    const html = renderToStaticMarkup(<LoadMoreButton query={{ ...query, hasNextPage: false, isFetchNextPageError: true }} label="Load older events" />);
    expect(html).toContain("Could not load more.");
    expect(html).toContain(">Load older events</button>");
  });
});

describe("TableHead", () => {
  it("renders a column header per column, a hidden label for action columns, and sticks when asked", () => {
    const html = renderToStaticMarkup(
      <table>
        <TableHead
          sticky
          columns={[
            { key: "name", label: "Name" },
            { key: "cost", label: "Cost", className: "text-right" },
            { key: "actions", label: "Actions", srOnly: true },
          ]}
        />
      </table>,
    );
    expect(html.match(/<th scope="col"/g)).toHaveLength(3);
    expect(html).toContain('class="px-4 py-2.5 font-medium text-right">Cost</th>');
    expect(html).toContain('<span class="sr-only">Actions</span>');
    expect(html).toContain('<thead class="sticky top-0 z-10">');
  });
});
