-- Insights (consumer group "insights"): owner-defined workflows, their firings (each recorded once
-- under its firing key, then relayed to insights.alert), and the aggregates the triggers and the
-- insights feed are computed from, all kept in the consumer transaction. The schema is shared
-- with the ml service, hence the insight_ prefix.
CREATE SCHEMA IF NOT EXISTS workflow_db;
SELECT journal.create_consumer_bookkeeping('workflow_db');

CREATE TABLE IF NOT EXISTS workflow_db.insight_workflows (
  id UUID PRIMARY KEY,
  owner_id UUID NOT NULL,
  name VARCHAR(100) NOT NULL,
  -- scan-threshold, first-scan, anomaly, new-country, digest
  trigger_kind VARCHAR(32) NOT NULL,
  code VARCHAR(64),
  tag VARCHAR(64),
  threshold INT,
  window_minutes INT,
  -- digest: daily or weekly at local time in zone (weekly on digest_day)
  digest_period VARCHAR(8),
  digest_day VARCHAR(9),
  digest_time TIME,
  digest_zone VARCHAR(64),
  email BOOLEAN NOT NULL,
  webhook_endpoint_id UUID,
  enabled BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS insight_workflows_by_owner
  ON workflow_db.insight_workflows (owner_id, trigger_kind) WHERE enabled;

CREATE TABLE IF NOT EXISTS workflow_db.insight_firings (
  firing_key VARCHAR(400) PRIMARY KEY,
  alert_id UUID NOT NULL UNIQUE,
  workflow_id UUID,
  owner_id UUID NOT NULL,
  kind VARCHAR(32) NOT NULL,
  title VARCHAR(300) NOT NULL,
  detail TEXT NOT NULL,
  code VARCHAR(64),
  actions TEXT[] NOT NULL,
  webhook_endpoint_id UUID,
  fired_at TIMESTAMPTZ NOT NULL,
  recorded_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  published_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS insight_firings_unpublished
  ON workflow_db.insight_firings (recorded_at) WHERE published_at IS NULL;
CREATE INDEX IF NOT EXISTS insight_firings_by_workflow
  ON workflow_db.insight_firings (workflow_id, fired_at DESC);
CREATE INDEX IF NOT EXISTS insight_firings_by_owner
  ON workflow_db.insight_firings (owner_id, fired_at DESC);

CREATE TABLE IF NOT EXISTS workflow_db.insight_codes (
  code VARCHAR(64) PRIMARY KEY,
  owner_id UUID NOT NULL,
  tags TEXT[] NOT NULL DEFAULT '{}',
  tags_changed_at TIMESTAMPTZ,
  first_scan_at TIMESTAMPTZ,
  deleted_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS insight_codes_by_owner ON workflow_db.insight_codes (owner_id);

CREATE TABLE IF NOT EXISTS workflow_db.insight_scan_minutes (
  code VARCHAR(64) NOT NULL,
  minute TIMESTAMPTZ NOT NULL,
  owner_id UUID NOT NULL,
  scans BIGINT NOT NULL,
  PRIMARY KEY (code, minute)
);
CREATE INDEX IF NOT EXISTS insight_scan_minutes_by_owner
  ON workflow_db.insight_scan_minutes (owner_id, minute);

CREATE TABLE IF NOT EXISTS workflow_db.insight_country_days (
  owner_id UUID NOT NULL,
  country VARCHAR(8) NOT NULL,
  day DATE NOT NULL,
  scans BIGINT NOT NULL,
  PRIMARY KEY (owner_id, day, country)
);

CREATE TABLE IF NOT EXISTS workflow_db.insight_owner_countries (
  owner_id UUID NOT NULL,
  country VARCHAR(8) NOT NULL,
  first_seen_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (owner_id, country)
);

-- Sign-in clients per user (a hash of the user agent), for "new device" notices in the feed.
CREATE TABLE IF NOT EXISTS workflow_db.insight_login_clients (
  user_id UUID NOT NULL,
  client_hash VARCHAR(64) NOT NULL,
  client VARCHAR(256) NOT NULL,
  first_seen_at TIMESTAMPTZ NOT NULL,
  new_device BOOLEAN NOT NULL,
  PRIMARY KEY (user_id, client_hash)
);

CREATE TABLE IF NOT EXISTS workflow_db.insight_anomalies (
  event_id VARCHAR(300) PRIMARY KEY,
  owner_id UUID NOT NULL,
  code VARCHAR(64) NOT NULL,
  kind VARCHAR(32) NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  expected DOUBLE PRECISION NOT NULL,
  observed DOUBLE PRECISION NOT NULL,
  window_end TIMESTAMPTZ NOT NULL
);
CREATE INDEX IF NOT EXISTS insight_anomalies_by_owner
  ON workflow_db.insight_anomalies (owner_id, window_end DESC);
