-- The integrations service (e-mail now, webhooks later): its Kafka bookkeeping, the e-mail
-- outbox that doubles as the delivery log, the recipients it knows, and notification preferences.
CREATE SCHEMA IF NOT EXISTS integrations_db;

SELECT journal.create_consumer_bookkeeping('integrations_db');

-- Addresses of users, from user.registered (other topics carry only the owner id).
CREATE TABLE integrations_db.email_recipients (
  user_id UUID PRIMARY KEY,
  email VARCHAR(254) NOT NULL,
  display_name VARCHAR(100) NOT NULL
);

-- One row per mail, keyed by the event that caused it (a redelivered event adds nothing).
-- status: pending (to send, at next_attempt_at), sent, skipped (opted out), dead (gave up).
CREATE TABLE integrations_db.email_outbox (
  id BIGSERIAL PRIMARY KEY,
  event_id VARCHAR(300) NOT NULL UNIQUE,
  user_id UUID NOT NULL,
  kind VARCHAR(40) NOT NULL,
  recipient VARCHAR(254),
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ NOT NULL,
  last_error TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  sent_at TIMESTAMPTZ
);
CREATE INDEX email_outbox_due ON integrations_db.email_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX email_outbox_by_user ON integrations_db.email_outbox (user_id, id DESC);

-- Opt-outs per kind; no row means the default (on).
CREATE TABLE integrations_db.notification_preferences (
  user_id UUID NOT NULL,
  kind VARCHAR(40) NOT NULL,
  enabled BOOLEAN NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (user_id, kind)
);
