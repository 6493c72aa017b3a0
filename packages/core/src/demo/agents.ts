import type { RiskLevel } from "@switchyard/database";
import type { SimulationProfile } from "../agents/simulated-model.ts";

export interface DemoAgent {
  slug: string;
  name: string;
  description: string;
  instructions: string;
  /** A model from the pricing table, so seeded costs are real prices. */
  modelName: string;
  temperature: number;
  tools: string[];
  riskLevel?: RiskLevel;
  simulation: SimulationProfile;
}

/** The demo cast: a research team of agents, one of them (Social Scout) flaky enough to show up red. */
export const DEMO_AGENTS: DemoAgent[] = [
  {
    slug: "social-scout",
    name: "Social Scout",
    description: "Sweeps social platforms for mentions of Acme and its competitors.",
    instructions:
      "You monitor Reddit, Hacker News, Bluesky and X for mentions of Acme Research, our products and our three main competitors. For each mention, record the link, author, sentiment (-1..1) and whether it needs a human reply. Skip bots and reposts. Return JSON: { mentions: [...], needsReply: number }.",
    modelName: "gpt-4o-mini",
    temperature: 0.3,
    tools: ["social_search", "fetch_url", "sentiment_score"],
    // Upstream rate limits make this agent fail about half the time; the demo's red severity band.
    simulation: { failureRate: 0.54, latencyMs: 9000, outputTokens: 420, tools: ["social_search", "fetch_url"] },
  },
  {
    slug: "devils-advocate",
    name: "Devil's Advocate",
    description: "Challenges the latest synthesis with the strongest counter-arguments.",
    instructions:
      "Read the most recent synthesis and argue against its main conclusion. Find the weakest assumption, the evidence that contradicts it and the alternative explanation a sceptical reviewer would raise. Be specific and cite sources; never argue against a strawman. End with a confidence score for the original conclusion.",
    modelName: "claude-sonnet-4",
    temperature: 0.8,
    tools: ["knowledge_search"],
    simulation: { failureRate: 0.04, latencyMs: 6500, outputTokens: 520, tools: ["knowledge_search"] },
  },
  {
    slug: "synthesis-engine",
    name: "Synthesis Engine",
    description: "Merges the day's signals, research notes and debates into one synthesis.",
    instructions:
      "Combine today's curated signals, fact-check verdicts and Devil's Advocate rebuttals into a single synthesis of what changed in our market. Group findings by theme, state what is new versus confirmed, and flag open questions. Keep it under 600 words and link every claim to its source note.",
    modelName: "claude-sonnet-4",
    temperature: 0.4,
    tools: ["knowledge_search", "notes_read"],
    simulation: { failureRate: 0.06, latencyMs: 14000, outputTokens: 900, tools: ["knowledge_search", "notes_read"] },
  },
  {
    slug: "bridge-builder",
    name: "Bridge Builder",
    description: "Connects findings across teams and proposes who should talk to whom.",
    instructions:
      "Given the latest synthesis and the team directory, find findings that matter to more than one team and propose concrete introductions: who, why, and a one-line opener. Never propose more than five introductions a day.",
    modelName: "gpt-4o",
    temperature: 0.5,
    tools: ["knowledge_search", "team_directory"],
    simulation: { failureRate: 0.05, latencyMs: 5000, outputTokens: 380, tools: ["team_directory"] },
  },
  {
    slug: "knowledge-distiller",
    name: "Knowledge Distiller",
    description: "Distills long documents and threads into durable knowledge-base entries.",
    instructions:
      "Turn new documents, meeting notes and long threads into knowledge-base entries: a title, a three-sentence summary, key facts as bullet points, and links to the originals. Merge with an existing entry when one covers the same topic instead of creating a duplicate.",
    modelName: "claude-sonnet-4",
    temperature: 0.2,
    tools: ["notes_read", "knowledge_write", "knowledge_search"],
    simulation: { failureRate: 0.05, latencyMs: 12000, outputTokens: 1100, tools: ["notes_read", "knowledge_write"] },
  },
  {
    slug: "trend-watcher",
    name: "Trend Watcher",
    description: "Tracks search and publication trends for our watch-list topics.",
    instructions:
      "For each topic on the watch list, compare this period's search interest and publication volume with the previous four weeks. Report topics that moved more than two standard deviations, with the likely cause.",
    modelName: "gpt-4o-mini",
    temperature: 0.2,
    tools: ["web_search", "trends_query"],
    simulation: { failureRate: 0.08, latencyMs: 4000, outputTokens: 300, tools: ["trends_query"] },
  },
  {
    slug: "signal-curator",
    name: "Signal Curator",
    description: "Filters the raw feed down to the signals worth a human's time.",
    instructions:
      "Score every item from the feeds, Social Scout and Trend Watcher for novelty, credibility and relevance to our research agenda (0-5 each). Keep items scoring 10 or more, deduplicate them, and write a one-line reason for each kept item.",
    modelName: "claude-haiku-4",
    temperature: 0.2,
    tools: ["feed_read", "knowledge_search"],
    simulation: { failureRate: 0.03, latencyMs: 3000, outputTokens: 450, tools: ["feed_read"] },
  },
  {
    slug: "fact-checker",
    name: "Fact Checker",
    description: "Verifies claims in published articles against primary sources.",
    instructions:
      "Extract the factual claims from the article, check each against primary sources (filings, papers, official statements) and give a verdict: supported, disputed or unverifiable, with the source. Never mark a claim supported on the strength of another news article alone.",
    modelName: "gpt-4o",
    temperature: 0.1,
    tools: ["web_search", "fetch_url"],
    simulation: { failureRate: 0.07, latencyMs: 8000, outputTokens: 600, tools: ["web_search", "fetch_url"] },
  },
  {
    slug: "report-writer",
    name: "Report Writer",
    description: "Writes the daily research brief and ad-hoc reports on request.",
    instructions:
      "Write a research brief for the leadership team from the latest synthesis: a three-bullet executive summary, then sections for market, competitors and risks. Plain language, no hype, every number with its source. Mark anything unconfirmed as such.",
    modelName: "claude-sonnet-4",
    temperature: 0.4,
    tools: ["knowledge_search", "notes_read", "chart_render"],
    simulation: { failureRate: 0.04, latencyMs: 16000, outputTokens: 1400, tools: ["knowledge_search", "chart_render"] },
  },
  {
    slug: "community-pulse",
    name: "Community Pulse",
    description: "Summarises the mood of our user community forums and Discord.",
    instructions:
      "Read the last day of posts in the community forum and Discord. Report the top five themes, overall sentiment, any bug reports with more than three confirmations, and posts from first-time members that went unanswered.",
    modelName: "gpt-4o-mini",
    temperature: 0.3,
    tools: ["forum_read", "discord_read", "sentiment_score"],
    simulation: { failureRate: 0.1, latencyMs: 7000, outputTokens: 500, tools: ["forum_read", "discord_read"] },
  },
  {
    slug: "risk-sentinel",
    name: "Risk Sentinel",
    description: "Watches for regulatory, security and reputational risks.",
    instructions:
      "Scan regulator announcements, security advisories and news for risks to Acme Research: new rules in our markets, vulnerabilities in our dependencies, and negative coverage. Rate each risk low, medium or high with a one-line rationale; escalate high risks immediately.",
    modelName: "claude-haiku-4",
    temperature: 0.1,
    tools: ["web_search", "advisory_feed"],
    simulation: { failureRate: 0.02, latencyMs: 3500, outputTokens: 280, tools: ["advisory_feed"] },
  },
  {
    slug: "newsletter-editor",
    name: "Newsletter Editor",
    description: "Assembles the weekday subscriber newsletter; a human approves before it is sent.",
    instructions:
      "Assemble tonight's subscriber newsletter from the approved research brief: a subject line under 60 characters, an intro paragraph, three stories with links, and one chart. Match the house style guide. The newsletter is sent to 40,000 subscribers, so it waits for human approval.",
    modelName: "gpt-4o",
    temperature: 0.6,
    tools: ["knowledge_search", "newsletter_draft"],
    riskLevel: "APPROVAL_REQUIRED",
    simulation: { failureRate: 0.05, latencyMs: 11000, outputTokens: 1000, tools: ["newsletter_draft"] },
  },
  {
    slug: "changelog-scribe",
    name: "Changelog Scribe",
    description: "Drafts release notes from merged pull requests and posts them to the docs site.",
    instructions:
      "When a pull request is opened in one of our public repositories, draft the changelog entry it will need: one line for users, one line for developers, and whether it is a breaking change. Posting to the public docs site needs human approval.",
    modelName: "gpt-4.1-mini",
    temperature: 0.2,
    tools: ["github_read", "docs_publish"],
    riskLevel: "APPROVAL_REQUIRED",
    simulation: { failureRate: 0.04, latencyMs: 4500, outputTokens: 260, tools: ["github_read"] },
  },
];
