-- Read side of QR codes: the owner's listing, fed by the qr-listing projection.
CREATE SCHEMA IF NOT EXISTS qr_service;

CREATE TABLE qr_service.qr_codes (
  code VARCHAR(64) PRIMARY KEY,
  owner_id UUID NOT NULL,
  target VARCHAR(2048) NOT NULL,
  title VARCHAR(200),
  tags TEXT[] NOT NULL DEFAULT '{}',
  status VARCHAR(16) NOT NULL,
  total_scans BIGINT NOT NULL DEFAULT 0,
  last_scan_at TIMESTAMPTZ,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);
-- The listing pages by newest first per owner.
CREATE INDEX qr_codes_owner_created_idx ON qr_service.qr_codes (owner_id, created_at DESC, code);
CREATE INDEX qr_codes_tags_idx ON qr_service.qr_codes USING GIN (tags);
