-- The routing service's schema. For now it keeps the secret behind anonymized visitor ids,
-- generated once in dev mode so ids stay stable across restarts and nodes.
CREATE SCHEMA IF NOT EXISTS routing_db;

CREATE TABLE routing_db.secrets (
  name VARCHAR(64) PRIMARY KEY,
  value BYTEA NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
