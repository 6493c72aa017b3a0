export { countByIteration, countOccurrences, listOccurrences } from "./cron-count.ts";
export { computeCalendar, computeDensity, concurrencyMessage, describeFrequency, MAX_CALENDAR_DAYS, startOfDate } from "./density.ts";
export { AUTOMATION_SORTS, AUTOMATION_TYPE_FILTERS, type AutomationListQuery, type AutomationSummary, listAutomations } from "./list.ts";
export { loadAutomations } from "./load.ts";
export { type AutomationPatch, createAutomationDependency, deleteAutomationDependency, parseAutomationId, updateAutomation } from "./mutate.ts";
export * from "./types.ts";
