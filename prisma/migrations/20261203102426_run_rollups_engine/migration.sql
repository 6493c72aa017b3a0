-- CreateTable
CREATE TABLE "RunStatsHourly" (
    "organizationId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "source" "RunSource" NOT NULL,
    "status" "RunStatus" NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "durationMsSum" BIGINT NOT NULL DEFAULT 0,
    "durationCount" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "shard" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RunStatsHourly_pkey" PRIMARY KEY ("organizationId","hour","kind","source","status","shard")
);

-- CreateTable
CREATE TABLE "RunStatsTotal" (
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" "RunSource" NOT NULL,
    "status" "RunStatus" NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "durationMsSum" BIGINT NOT NULL DEFAULT 0,
    "durationCount" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "shard" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RunStatsTotal_pkey" PRIMARY KEY ("organizationId","kind","source","status","shard")
);

-- CreateTable
CREATE TABLE "AutomationRunStats" (
    "organizationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "durationMsSum" BIGINT NOT NULL DEFAULT 0,
    "durationCount" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "shard" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AutomationRunStats_pkey" PRIMARY KEY ("organizationId","kind","key","status","shard")
);

-- CreateTable
CREATE TABLE "AutomationRunDaily" (
    "organizationId" TEXT NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "shard" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AutomationRunDaily_pkey" PRIMARY KEY ("organizationId","day","kind","key","shard")
);

-- Run rollups: database triggers on the five run tables keep the tables above exact for every writer
-- (the app, raw SQL, seeds, deletes), in the same transaction as the write that changed a run. Only
-- writes that touch a finished run or a rolled-up column reach the functions; heartbeats and claims do not.

CREATE FUNCTION "switchyard_rollup_automation"(
    p_sign INTEGER, p_org TEXT, p_kind TEXT, p_key TEXT, p_status "RunStatus", p_started TIMESTAMP(3),
    p_duration BIGINT, p_counted INTEGER, p_cost DOUBLE PRECISION, p_shard INTEGER
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO "AutomationRunStats" AS t ("organizationId", "kind", "key", "status", "shard", "runs", "durationMsSum", "durationCount", "costUsd")
    VALUES (p_org, p_kind, p_key, p_status, p_shard, p_sign, p_duration, p_counted, p_cost)
    ON CONFLICT ("organizationId", "kind", "key", "status", "shard") DO UPDATE SET
        "runs" = t."runs" + EXCLUDED."runs", "durationMsSum" = t."durationMsSum" + EXCLUDED."durationMsSum",
        "durationCount" = t."durationCount" + EXCLUDED."durationCount", "costUsd" = t."costUsd" + EXCLUDED."costUsd";
    INSERT INTO "AutomationRunDaily" AS t ("organizationId", "day", "kind", "key", "shard", "runs")
    VALUES (p_org, date_trunc('day', p_started), p_kind, p_key, p_shard, p_sign)
    ON CONFLICT ("organizationId", "day", "kind", "key", "shard") DO UPDATE SET "runs" = t."runs" + EXCLUDED."runs";
END $$;

-- Adds (p_sign 1) or removes (-1) one finished run from every rollup.
CREATE FUNCTION "switchyard_rollup_add"(
    p_sign INTEGER, p_org TEXT, p_kind TEXT, p_status "RunStatus", p_source "RunSource", p_started TIMESTAMP(3),
    p_duration INTEGER, p_tokens INTEGER, p_cost DOUBLE PRECISION,
    p_key_kind TEXT, p_key TEXT, p_key_kind2 TEXT, p_key2 TEXT
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_duration BIGINT := p_sign * COALESCE(p_duration, 0)::BIGINT;
    v_counted INTEGER := p_sign * (p_duration IS NOT NULL)::INTEGER;
    v_tokens BIGINT := p_sign * COALESCE(p_tokens, 0)::BIGINT;
    v_cost DOUBLE PRECISION := p_sign * COALESCE(p_cost, 0);
    -- Each backend runs one statement at a time: by its pid, concurrent completions land on different rows.
    v_shard INTEGER := 1 + pg_backend_pid() % 8;
BEGIN
    INSERT INTO "RunStatsHourly" AS t ("organizationId", "hour", "kind", "source", "status", "shard", "runs", "durationMsSum", "durationCount", "tokens", "costUsd")
    VALUES (p_org, date_trunc('hour', p_started), p_kind, p_source, p_status, v_shard, p_sign, v_duration, v_counted, v_tokens, v_cost)
    ON CONFLICT ("organizationId", "hour", "kind", "source", "status", "shard") DO UPDATE SET
        "runs" = t."runs" + EXCLUDED."runs", "durationMsSum" = t."durationMsSum" + EXCLUDED."durationMsSum",
        "durationCount" = t."durationCount" + EXCLUDED."durationCount", "tokens" = t."tokens" + EXCLUDED."tokens",
        "costUsd" = t."costUsd" + EXCLUDED."costUsd";
    INSERT INTO "RunStatsTotal" AS t ("organizationId", "kind", "source", "status", "shard", "runs", "durationMsSum", "durationCount", "tokens", "costUsd")
    VALUES (p_org, p_kind, p_source, p_status, v_shard, p_sign, v_duration, v_counted, v_tokens, v_cost)
    ON CONFLICT ("organizationId", "kind", "source", "status", "shard") DO UPDATE SET
        "runs" = t."runs" + EXCLUDED."runs", "durationMsSum" = t."durationMsSum" + EXCLUDED."durationMsSum",
        "durationCount" = t."durationCount" + EXCLUDED."durationCount", "tokens" = t."tokens" + EXCLUDED."tokens",
        "costUsd" = t."costUsd" + EXCLUDED."costUsd";
    IF p_key IS NOT NULL THEN
        PERFORM "switchyard_rollup_automation"(p_sign, p_org, p_key_kind, p_key, p_status, p_started, v_duration, v_counted, v_cost, v_shard);
    END IF;
    IF p_key2 IS NOT NULL THEN
        PERFORM "switchyard_rollup_automation"(p_sign, p_org, p_key_kind2, p_key2, p_status, p_started, v_duration, v_counted, v_cost, v_shard);
    END IF;
END $$;

-- The row trigger of every run table (TG_ARGV[0] is the run kind): the old row leaves the rollups
-- when it was finished, the new one enters them when it is.
CREATE FUNCTION "switchyard_rollup_run"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN
        IF TG_TABLE_NAME = 'Campaign' THEN
            PERFORM "switchyard_rollup_add"(-1, OLD."organizationId", TG_ARGV[0], OLD."status", OLD."source", OLD."startedAt", OLD."durationMs",
                OLD."totalTokens", OLD."costUsd", 'campaign-schedule', OLD."scheduleId", 'campaign-trigger', OLD."triggerId");
        ELSIF TG_TABLE_NAME = 'PulseEvaluation' THEN
            PERFORM "switchyard_rollup_add"(-1, OLD."organizationId", TG_ARGV[0], OLD."status", OLD."source", OLD."startedAt", OLD."durationMs",
                OLD."totalTokens", OLD."costUsd", 'pulse', OLD."pulseId", NULL, NULL);
        ELSE
            PERFORM "switchyard_rollup_add"(-1, OLD."organizationId", TG_ARGV[0], OLD."status", OLD."source", OLD."startedAt", OLD."durationMs",
                OLD."totalTokens", OLD."costUsd", TG_ARGV[0], OLD."triggerId", NULL, NULL);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') THEN
        IF TG_TABLE_NAME = 'Campaign' THEN
            PERFORM "switchyard_rollup_add"(1, NEW."organizationId", TG_ARGV[0], NEW."status", NEW."source", NEW."startedAt", NEW."durationMs",
                NEW."totalTokens", NEW."costUsd", 'campaign-schedule', NEW."scheduleId", 'campaign-trigger', NEW."triggerId");
        ELSIF TG_TABLE_NAME = 'PulseEvaluation' THEN
            PERFORM "switchyard_rollup_add"(1, NEW."organizationId", TG_ARGV[0], NEW."status", NEW."source", NEW."startedAt", NEW."durationMs",
                NEW."totalTokens", NEW."costUsd", 'pulse', NEW."pulseId", NULL, NULL);
        ELSE
            PERFORM "switchyard_rollup_add"(1, NEW."organizationId", TG_ARGV[0], NEW."status", NEW."source", NEW."startedAt", NEW."durationMs",
                NEW."totalTokens", NEW."costUsd", TG_ARGV[0], NEW."triggerId", NULL, NULL);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER "AgentRun_rollup_insert" AFTER INSERT ON "AgentRun" FOR EACH ROW
    WHEN (NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('agent');
CREATE TRIGGER "AgentRun_rollup_update" AFTER UPDATE ON "AgentRun" FOR EACH ROW
    WHEN ((OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') OR NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED'))
        AND (OLD."status", OLD."source", OLD."startedAt", OLD."durationMs", OLD."totalTokens", OLD."costUsd", OLD."organizationId", OLD."triggerId")
            IS DISTINCT FROM (NEW."status", NEW."source", NEW."startedAt", NEW."durationMs", NEW."totalTokens", NEW."costUsd", NEW."organizationId", NEW."triggerId"))
    EXECUTE FUNCTION "switchyard_rollup_run"('agent');
CREATE TRIGGER "AgentRun_rollup_delete" AFTER DELETE ON "AgentRun" FOR EACH ROW
    WHEN (OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('agent');

CREATE TRIGGER "WorkflowRun_rollup_insert" AFTER INSERT ON "WorkflowRun" FOR EACH ROW
    WHEN (NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('workflow');
CREATE TRIGGER "WorkflowRun_rollup_update" AFTER UPDATE ON "WorkflowRun" FOR EACH ROW
    WHEN ((OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') OR NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED'))
        AND (OLD."status", OLD."source", OLD."startedAt", OLD."durationMs", OLD."totalTokens", OLD."costUsd", OLD."organizationId", OLD."triggerId")
            IS DISTINCT FROM (NEW."status", NEW."source", NEW."startedAt", NEW."durationMs", NEW."totalTokens", NEW."costUsd", NEW."organizationId", NEW."triggerId"))
    EXECUTE FUNCTION "switchyard_rollup_run"('workflow');
CREATE TRIGGER "WorkflowRun_rollup_delete" AFTER DELETE ON "WorkflowRun" FOR EACH ROW
    WHEN (OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('workflow');

CREATE TRIGGER "NetworkRun_rollup_insert" AFTER INSERT ON "NetworkRun" FOR EACH ROW
    WHEN (NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('network');
CREATE TRIGGER "NetworkRun_rollup_update" AFTER UPDATE ON "NetworkRun" FOR EACH ROW
    WHEN ((OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') OR NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED'))
        AND (OLD."status", OLD."source", OLD."startedAt", OLD."durationMs", OLD."totalTokens", OLD."costUsd", OLD."organizationId", OLD."triggerId")
            IS DISTINCT FROM (NEW."status", NEW."source", NEW."startedAt", NEW."durationMs", NEW."totalTokens", NEW."costUsd", NEW."organizationId", NEW."triggerId"))
    EXECUTE FUNCTION "switchyard_rollup_run"('network');
CREATE TRIGGER "NetworkRun_rollup_delete" AFTER DELETE ON "NetworkRun" FOR EACH ROW
    WHEN (OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('network');

CREATE TRIGGER "Campaign_rollup_insert" AFTER INSERT ON "Campaign" FOR EACH ROW
    WHEN (NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('campaign');
CREATE TRIGGER "Campaign_rollup_update" AFTER UPDATE ON "Campaign" FOR EACH ROW
    WHEN ((OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') OR NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED'))
        AND (OLD."status", OLD."source", OLD."startedAt", OLD."durationMs", OLD."totalTokens", OLD."costUsd", OLD."organizationId", OLD."scheduleId", OLD."triggerId")
            IS DISTINCT FROM (NEW."status", NEW."source", NEW."startedAt", NEW."durationMs", NEW."totalTokens", NEW."costUsd", NEW."organizationId", NEW."scheduleId", NEW."triggerId"))
    EXECUTE FUNCTION "switchyard_rollup_run"('campaign');
CREATE TRIGGER "Campaign_rollup_delete" AFTER DELETE ON "Campaign" FOR EACH ROW
    WHEN (OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('campaign');

CREATE TRIGGER "PulseEvaluation_rollup_insert" AFTER INSERT ON "PulseEvaluation" FOR EACH ROW
    WHEN (NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('pulse');
CREATE TRIGGER "PulseEvaluation_rollup_update" AFTER UPDATE ON "PulseEvaluation" FOR EACH ROW
    WHEN ((OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED') OR NEW."status" IN ('COMPLETED', 'FAILED', 'CANCELLED'))
        AND (OLD."status", OLD."source", OLD."startedAt", OLD."durationMs", OLD."totalTokens", OLD."costUsd", OLD."organizationId", OLD."pulseId")
            IS DISTINCT FROM (NEW."status", NEW."source", NEW."startedAt", NEW."durationMs", NEW."totalTokens", NEW."costUsd", NEW."organizationId", NEW."pulseId"))
    EXECUTE FUNCTION "switchyard_rollup_run"('pulse');
CREATE TRIGGER "PulseEvaluation_rollup_delete" AFTER DELETE ON "PulseEvaluation" FOR EACH ROW
    WHEN (OLD."status" IN ('COMPLETED', 'FAILED', 'CANCELLED')) EXECUTE FUNCTION "switchyard_rollup_run"('pulse');

-- Recomputes every rollup from the run tables, holding writers off meanwhile: after a bulk load with
-- triggers disabled (`SET session_replication_role = replica`), as a repair, and below for the runs
-- that exist already.
CREATE FUNCTION "switchyard_rebuild_run_rollups"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE "AgentRun", "WorkflowRun", "NetworkRun", "Campaign", "PulseEvaluation" IN SHARE MODE;
    DROP TABLE IF EXISTS pg_temp."switchyard_finished_runs";
    CREATE TEMP TABLE "switchyard_finished_runs" ON COMMIT DROP AS
        SELECT "organizationId" AS org, 'agent'::TEXT AS kind, "status", "source", "startedAt" AS started, "durationMs" AS duration,
            "totalTokens" AS tokens, "costUsd" AS cost, 'agent'::TEXT AS key_kind, "triggerId" AS key, NULL::TEXT AS key_kind2, NULL::TEXT AS key2
        FROM "AgentRun" WHERE "status" IN ('COMPLETED', 'FAILED', 'CANCELLED')
        UNION ALL
        SELECT "organizationId", 'workflow', "status", "source", "startedAt", "durationMs", "totalTokens", "costUsd", 'workflow', "triggerId", NULL, NULL
        FROM "WorkflowRun" WHERE "status" IN ('COMPLETED', 'FAILED', 'CANCELLED')
        UNION ALL
        SELECT "organizationId", 'network', "status", "source", "startedAt", "durationMs", "totalTokens", "costUsd", 'network', "triggerId", NULL, NULL
        FROM "NetworkRun" WHERE "status" IN ('COMPLETED', 'FAILED', 'CANCELLED')
        UNION ALL
        SELECT "organizationId", 'campaign', "status", "source", "startedAt", "durationMs", "totalTokens", "costUsd",
            'campaign-schedule', "scheduleId", 'campaign-trigger', "triggerId"
        FROM "Campaign" WHERE "status" IN ('COMPLETED', 'FAILED', 'CANCELLED')
        UNION ALL
        SELECT "organizationId", 'pulse', "status", "source", "startedAt", "durationMs", "totalTokens", "costUsd", 'pulse', "pulseId", NULL, NULL
        FROM "PulseEvaluation" WHERE "status" IN ('COMPLETED', 'FAILED', 'CANCELLED');
    DELETE FROM "RunStatsHourly";
    DELETE FROM "RunStatsTotal";
    DELETE FROM "AutomationRunStats";
    DELETE FROM "AutomationRunDaily";
    INSERT INTO "RunStatsHourly" ("organizationId", "hour", "kind", "source", "status", "runs", "durationMsSum", "durationCount", "tokens", "costUsd")
    SELECT org, date_trunc('hour', started), kind, "source", "status", count(*), COALESCE(sum(duration), 0), count(duration),
        COALESCE(sum(tokens), 0), COALESCE(sum(cost), 0)
    FROM pg_temp."switchyard_finished_runs" GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO "RunStatsTotal" ("organizationId", "kind", "source", "status", "runs", "durationMsSum", "durationCount", "tokens", "costUsd")
    SELECT org, kind, "source", "status", count(*), COALESCE(sum(duration), 0), count(duration), COALESCE(sum(tokens), 0), COALESCE(sum(cost), 0)
    FROM pg_temp."switchyard_finished_runs" GROUP BY 1, 2, 3, 4;
    INSERT INTO "AutomationRunStats" ("organizationId", "kind", "key", "status", "runs", "durationMsSum", "durationCount", "costUsd")
    SELECT r.org, k.kind, k.key, r."status", count(*), COALESCE(sum(r.duration), 0), count(r.duration), COALESCE(sum(r.cost), 0)
    FROM pg_temp."switchyard_finished_runs" r CROSS JOIN LATERAL (VALUES (r.key_kind, r.key), (r.key_kind2, r.key2)) AS k(kind, key)
    WHERE k.key IS NOT NULL GROUP BY 1, 2, 3, 4;
    INSERT INTO "AutomationRunDaily" ("organizationId", "day", "kind", "key", "runs")
    SELECT r.org, date_trunc('day', r.started), k.kind, k.key, count(*)
    FROM pg_temp."switchyard_finished_runs" r CROSS JOIN LATERAL (VALUES (r.key_kind, r.key), (r.key_kind2, r.key2)) AS k(kind, key)
    WHERE k.key IS NOT NULL GROUP BY 1, 2, 3, 4;
    DROP TABLE pg_temp."switchyard_finished_runs";
END $$;

-- Folds the shards of hours before p_hour (and days before p_day) into shard 0, at most p_limit rows
-- of each table per call, so past periods are one row each; returns how many rows it folded.
CREATE FUNCTION "switchyard_compact_run_rollups"(p_hour TIMESTAMP(3), p_day TIMESTAMP(3), p_limit INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
    v_hourly INTEGER;
    v_daily INTEGER;
BEGIN
    WITH moved AS (
        DELETE FROM "RunStatsHourly" WHERE ctid IN (
            SELECT ctid FROM "RunStatsHourly" WHERE "shard" <> 0 AND "hour" < p_hour LIMIT p_limit FOR UPDATE SKIP LOCKED)
        RETURNING *
    ), folded AS (
        INSERT INTO "RunStatsHourly" AS t ("organizationId", "hour", "kind", "source", "status", "shard", "runs", "durationMsSum", "durationCount", "tokens", "costUsd")
        SELECT "organizationId", "hour", "kind", "source", "status", 0, sum("runs"), sum("durationMsSum"), sum("durationCount"), sum("tokens"), sum("costUsd")
        FROM moved GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT ("organizationId", "hour", "kind", "source", "status", "shard") DO UPDATE SET
            "runs" = t."runs" + EXCLUDED."runs", "durationMsSum" = t."durationMsSum" + EXCLUDED."durationMsSum",
            "durationCount" = t."durationCount" + EXCLUDED."durationCount", "tokens" = t."tokens" + EXCLUDED."tokens",
            "costUsd" = t."costUsd" + EXCLUDED."costUsd"
    )
    SELECT count(*) INTO v_hourly FROM moved;
    WITH moved AS (
        DELETE FROM "AutomationRunDaily" WHERE ctid IN (
            SELECT ctid FROM "AutomationRunDaily" WHERE "shard" <> 0 AND "day" < p_day LIMIT p_limit FOR UPDATE SKIP LOCKED)
        RETURNING *
    ), folded AS (
        INSERT INTO "AutomationRunDaily" AS t ("organizationId", "day", "kind", "key", "shard", "runs")
        SELECT "organizationId", "day", "kind", "key", 0, sum("runs") FROM moved GROUP BY 1, 2, 3, 4
        ON CONFLICT ("organizationId", "day", "kind", "key", "shard") DO UPDATE SET "runs" = t."runs" + EXCLUDED."runs"
    )
    SELECT count(*) INTO v_daily FROM moved;
    RETURN v_hourly + v_daily;
END $$;

SELECT "switchyard_rebuild_run_rollups"();
