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
SELECT journal.create_consumer_bookkeeping('microsite_service');
