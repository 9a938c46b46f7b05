-- The ml service's state in workflow_db (shared with insights: everything IF NOT EXISTS, and the
-- bookkeeping tables are keyed by consumer group).
CREATE SCHEMA IF NOT EXISTS workflow_db;

SELECT journal.create_consumer_bookkeeping('workflow_db');

-- The streaming anomaly model of each QR code (AnomalyModel.State as JSON), written in the same
-- transaction as the consumer's offset, so a restart resumes exactly where the model was.
CREATE TABLE workflow_db.ml_scan_models (
  code VARCHAR(64) PRIMARY KEY,
  owner_id UUID NOT NULL,
  state JSONB NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Generation answers the ml service produced: what was answered, for operations.
CREATE TABLE workflow_db.ml_generations (
  request_id VARCHAR(64) PRIMARY KEY,
  slug VARCHAR(64) NOT NULL,
  status VARCHAR(16) NOT NULL,
  generator VARCHAR(32) NOT NULL,
  error TEXT,
  completed_at TIMESTAMPTZ NOT NULL
);
