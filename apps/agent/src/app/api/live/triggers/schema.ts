export { ListTriggerEventsQuery, TriggerEventListResponseSchema, type TriggerEventListResponse } from "@switchyard/core/runs/triggers-feed";
