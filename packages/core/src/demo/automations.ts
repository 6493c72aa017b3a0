import type { HealthAction } from "@switchyard/database";

export interface DemoSchedule {
  agentSlug: string;
  name: string;
  /** UTC cron; history replays every occurrence of it. */
  cronExpr: string;
  prompt: string;
  health?: { threshold: number; window: number; action: HealthAction };
}

/**
 * Demo schedules. The shape is deliberate: Devil's Advocate every 30 minutes, Social Scout every two
 * hours (~210 runs in three weeks), and eight nightly jobs crowded into the 22:00 hour so the
 * density bar shows a 10 PM concurrency peak.
 */
export const DEMO_SCHEDULES: DemoSchedule[] = [
  {
    agentSlug: "social-scout",
    name: "Social listening sweep",
    cronExpr: "0 4-22/2 * * *",
    prompt: "Sweep Reddit, Hacker News, Bluesky and X for mentions of Acme Research and our competitors since the last sweep.",
  },
  {
    agentSlug: "devils-advocate",
    name: "Challenge the latest synthesis",
    cronExpr: "*/30 * * * *",
    prompt: "Argue against the main conclusion of the most recent synthesis.",
  },
  // The 10 PM cluster: the nightly research pipeline.
  {
    agentSlug: "synthesis-engine",
    name: "Nightly synthesis",
    cronExpr: "0 22 * * *",
    prompt: "Synthesise today's curated signals, fact-checks and rebuttals.",
  },
  {
    agentSlug: "signal-curator",
    name: "Nightly curation",
    cronExpr: "0 22 * * *",
    prompt: "Curate today's feed items into the signals worth reading tonight.",
  },
  { agentSlug: "community-pulse", name: "Community mood", cronExpr: "5 22 * * *", prompt: "Summarise the last 24 hours of the community forum and Discord." },
  {
    agentSlug: "report-writer",
    name: "Daily research brief",
    cronExpr: "10 22 * * *",
    prompt: "Write the daily research brief for the leadership team from tonight's synthesis.",
  },
  {
    agentSlug: "bridge-builder",
    name: "Cross-team introductions",
    cronExpr: "15 22 * * *",
    prompt: "Propose up to five introductions between teams based on tonight's synthesis.",
  },
  {
    agentSlug: "knowledge-distiller",
    name: "Nightly distillation",
    cronExpr: "30 22 * * *",
    prompt: "Distil today's documents, meeting notes and long threads into knowledge-base entries.",
  },
  {
    agentSlug: "fact-checker",
    name: "Nightly claim audit",
    cronExpr: "45 22 * * *",
    prompt: "Re-check every claim cited in tonight's synthesis against primary sources.",
  },
  {
    agentSlug: "newsletter-editor",
    name: "Weekday newsletter",
    cronExpr: "50 22 * * 1-5",
    prompt: "Assemble tomorrow morning's subscriber newsletter from the approved brief.",
  },
  // Daytime and round-the-clock work.
  {
    agentSlug: "trend-watcher",
    name: "Hourly trend sweep",
    cronExpr: "0 * * * *",
    prompt: "Compare search interest and publication volume for every watch-list topic with the last four weeks.",
    health: { threshold: 60, window: 50, action: "disable" },
  },
  {
    agentSlug: "risk-sentinel",
    name: "Risk scan",
    cronExpr: "*/20 * * * *",
    prompt: "Scan regulator announcements, security advisories and news for new risks to Acme Research.",
    health: { threshold: 80, window: 30, action: "alert" },
  },
  {
    agentSlug: "signal-curator",
    name: "Hourly feed triage",
    cronExpr: "20 * * * *",
    prompt: "Triage the last hour of feed items; keep the ones scoring 10 or more.",
  },
  {
    agentSlug: "fact-checker",
    name: "Headline check",
    cronExpr: "10 * * * *",
    prompt: "Check the claims in the top headlines of the last hour about our market.",
  },
  {
    agentSlug: "knowledge-distiller",
    name: "Thread distillation",
    cronExpr: "50 */3 * * *",
    prompt: "Distil Slack threads longer than 30 messages from the last three hours.",
  },
  { agentSlug: "community-pulse", name: "Discord check-in", cronExpr: "0 */4 * * *", prompt: "List unanswered questions from first-time members in Discord." },
  {
    agentSlug: "bridge-builder",
    name: "Office-hours matchmaking",
    cronExpr: "0 9-17/2 * * 1-5",
    prompt: "Match today's open questions with the people who answered similar ones before.",
  },
  {
    agentSlug: "synthesis-engine",
    name: "Midday synthesis",
    cronExpr: "0 13 * * 1-5",
    prompt: "Synthesise this morning's signals into a short midday update.",
  },
  { agentSlug: "fact-checker", name: "Morning claim audit", cronExpr: "0 7 * * *", prompt: "Audit the claims in overnight coverage of our competitors." },
  { agentSlug: "knowledge-distiller", name: "Weekly digest", cronExpr: "0 6 * * 1", prompt: "Distil last week's knowledge-base changes into a weekly digest." },
];

export interface DemoTrigger {
  agentSlug: string;
  name: string;
  description: string;
  type: "webhook" | "event" | "manual";
  eventName?: string;
  /** Average deliveries per day in the seeded history. */
  perDay: number;
  /** Sample deliveries, used in turn. */
  payloads: Record<string, unknown>[];
}

export const DEMO_TRIGGERS: DemoTrigger[] = [
  {
    agentSlug: "knowledge-distiller",
    name: "Notion page updated",
    description: "Notion calls this webhook when a page in the Research wiki changes.",
    type: "webhook",
    perDay: 1.5,
    payloads: [
      { type: "page.updated", page: { id: "8d1f0c2a", title: "Competitor pricing teardown", workspace: "Research" } },
      { type: "page.updated", page: { id: "1b77e9d4", title: "Q3 customer interview notes", workspace: "Research" } },
      { type: "page.updated", page: { id: "c03a5f61", title: "Market map: AI observability", workspace: "Research" } },
    ],
  },
  {
    agentSlug: "signal-curator",
    name: "RSS feed item",
    description: "The feed aggregator posts every new item from our 40 subscribed feeds.",
    type: "webhook",
    perDay: 2,
    payloads: [
      { feed: "arxiv-cs-ai", title: "Evaluating agent reliability under tool failures", url: "https://arxiv.org/abs/2501.01234" },
      { feed: "techcrunch", title: "Observability startup raises Series B", url: "https://techcrunch.com/2025/observability-series-b" },
      { feed: "the-information", title: "Enterprises cut AI pilot budgets", url: "https://www.theinformation.com/articles/ai-pilots" },
    ],
  },
  {
    agentSlug: "risk-sentinel",
    name: "Status page incident",
    description: "Our vendors' status pages post incidents here.",
    type: "webhook",
    perDay: 0.5,
    payloads: [
      { vendor: "openai", incident: { id: "inc_7q2", status: "investigating", title: "Elevated error rates on chat completions" } },
      { vendor: "github", incident: { id: "inc_3k9", status: "resolved", title: "Delayed webhook deliveries" } },
    ],
  },
  {
    agentSlug: "community-pulse",
    name: "Discourse new topic",
    description: "The community forum calls this webhook for every new topic.",
    type: "webhook",
    perDay: 1,
    payloads: [
      { topic: { id: 4812, title: "Export to CSV drops the last row", category: "bugs" } },
      { topic: { id: 4815, title: "How do you schedule reports per timezone?", category: "questions" } },
      { topic: { id: 4821, title: "Show and tell: our weekly research digest", category: "showcase" } },
    ],
  },
  {
    agentSlug: "fact-checker",
    name: "Article published",
    description: "The CMS emits this event when an article about our market is published.",
    type: "event",
    eventName: "news.article.published",
    perDay: 2,
    payloads: [
      { articleId: "art_2201", outlet: "Reuters", headline: "Regulators weigh new AI disclosure rules" },
      { articleId: "art_2214", outlet: "FT", headline: "Research-tool market consolidates as rivals merge" },
      { articleId: "art_2230", outlet: "Bloomberg", headline: "Acme Research competitor reports 40% revenue growth" },
    ],
  },
  {
    agentSlug: "changelog-scribe",
    name: "Pull request opened",
    description: "Our GitHub app emits this event for pull requests in public repositories.",
    type: "event",
    eventName: "github.pull_request.opened",
    perDay: 1.5,
    payloads: [
      { repository: "acme/research-sdk", number: 412, title: "Add retry with backoff to the feed client", author: "mira" },
      { repository: "acme/research-sdk", number: 415, title: "Drop Node 18 support", author: "tomas" },
      { repository: "acme/docs", number: 98, title: "Document the export API", author: "lena" },
    ],
  },
  {
    agentSlug: "report-writer",
    name: "Ad-hoc report",
    description: "Run by an analyst from the console when leadership asks a one-off question.",
    type: "manual",
    perDay: 0.3,
    payloads: [{ question: "How did competitor pricing change this quarter?" }, { question: "Summarise what our community asked for most this month." }],
  },
];
