// React components shared by the app's surfaces. Kept apart from the package root so server code that
// only needs the severity utility does not load React.
export { Badge, type BadgeTone } from "./badge.tsx";
export { Button, type ButtonProps } from "./button.tsx";
export { Card, CardHeader, MetricCard } from "./card.tsx";
export { FilterPills, type PillOption } from "./filter-pills.tsx";
export { LoadMoreButton, type PagedQueryLike } from "./load-more.tsx";
export { SearchInput } from "./search-input.tsx";
export { Sheet } from "./sheet.tsx";
export { EmptyState, ErrorState, PageSkeleton, PausedUpdatesBanner, Placeholders, Skeleton } from "./states.tsx";
export { TableHead, type TableColumn } from "./table.tsx";
export { Tabs, TabsContent, TabsList, TabsTrigger } from "./tabs.tsx";
export { Tooltip, TooltipProvider } from "./tooltip.tsx";
export { cn } from "../cn.ts";
