export { ListTriggerEventsQuery, type TriggerEventListResponse } from "@switchyard/core/runs/triggers-feed";
