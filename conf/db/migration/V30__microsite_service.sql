-- Read side of microsites: the owner's listing, fed by the microsite-listing projection.
CREATE SCHEMA IF NOT EXISTS microsite_service;

CREATE TABLE microsite_service.microsites (
  slug VARCHAR(64) PRIMARY KEY,
  owner_id UUID NOT NULL,
  title VARCHAR(200) NOT NULL,
  tagline VARCHAR(200),
  published BOOLEAN NOT NULL DEFAULT false,
  version INT NOT NULL,
  block_count INT NOT NULL,
  generation_status VARCHAR(16) NOT NULL DEFAULT 'NONE',
  views BIGINT NOT NULL DEFAULT 0,
  clicks BIGINT NOT NULL DEFAULT 0,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX microsites_owner_created_idx
  ON microsite_service.microsites (owner_id, created_at DESC, slug);

-- Bookkeeping of the micrositeupdates consumer (ml.generation.complete → Microsite entity).
CREATE TABLE microsite_service.kafka_offsets (
  consumer_group VARCHAR(100) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  kafka_partition INT NOT NULL,
  next_offset BIGINT NOT NULL,
  PRIMARY KEY (consumer_group, topic, kafka_partition)
);
CREATE TABLE microsite_service.processed_events (
  consumer_group VARCHAR(100) NOT NULL,
  event_id VARCHAR(300) NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
CREATE TABLE microsite_service.dead_letters (
  id BIGSERIAL PRIMARY KEY,
  consumer_group VARCHAR(100) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  kafka_partition INT NOT NULL,
  kafka_offset BIGINT NOT NULL,
  message_key TEXT,
  message_value BYTEA,
  reason TEXT NOT NULL,
  failed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
