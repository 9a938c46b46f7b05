-- Webhooks (integrations): endpoints owners register, one delivery per endpoint and event id
-- (the unique constraint makes enqueueing idempotent), and every attempt made. The consumer
-- group "webhooks" keeps its bookkeeping in this schema (shared with the e-mail service).
CREATE SCHEMA IF NOT EXISTS integrations_db;
SELECT journal.create_consumer_bookkeeping('integrations_db');

CREATE TABLE IF NOT EXISTS integrations_db.webhook_endpoints (
  id UUID PRIMARY KEY,
  owner_id UUID NOT NULL,
  url VARCHAR(2048) NOT NULL,
  description VARCHAR(200),
  topics TEXT[] NOT NULL,
  -- HMAC key; needed in clear to sign, so it is never returned after creation or rotation.
  secret VARCHAR(100) NOT NULL,
  active BOOLEAN NOT NULL DEFAULT true,
  created_at TIMESTAMPTZ NOT NULL,
  secret_rotated_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_by_owner
  ON integrations_db.webhook_endpoints (owner_id) WHERE active;

CREATE TABLE IF NOT EXISTS integrations_db.webhook_deliveries (
  id UUID PRIMARY KEY,
  endpoint_id UUID NOT NULL REFERENCES integrations_db.webhook_endpoints (id),
  owner_id UUID NOT NULL,
  event_id VARCHAR(300) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  body TEXT NOT NULL,
  -- pending (waiting for next_attempt_at), delivered, dead (gave up after the last attempt)
  status VARCHAR(16) NOT NULL,
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  delivered_at TIMESTAMPTZ,
  last_status_code INT,
  last_error TEXT,
  replays INT NOT NULL DEFAULT 0,
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due
  ON integrations_db.webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint
  ON integrations_db.webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE IF NOT EXISTS integrations_db.webhook_attempts (
  id BIGSERIAL PRIMARY KEY,
  delivery_id UUID NOT NULL REFERENCES integrations_db.webhook_deliveries (id),
  attempted_at TIMESTAMPTZ NOT NULL,
  status_code INT,
  error TEXT,
  duration_ms INT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_attempts_by_delivery
  ON integrations_db.webhook_attempts (delivery_id, id);
