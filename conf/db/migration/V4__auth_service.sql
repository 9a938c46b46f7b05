-- Auth: JWT signing keys (dev mode generates and keeps one here) and refresh-token families.
CREATE SCHEMA IF NOT EXISTS auth_service;

CREATE TABLE auth_service.signing_keys (
  kid VARCHAR(64) PRIMARY KEY,
  private_jwk TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Only a SHA-256 hash of a refresh token is stored. A token is used once; presenting a used
-- token again is reuse, and revokes its whole family.
CREATE TABLE auth_service.refresh_tokens (
  token_hash CHAR(64) PRIMARY KEY,
  family_id UUID NOT NULL,
  user_id UUID NOT NULL,
  email VARCHAR(254) NOT NULL,
  issued_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL,
  used_at TIMESTAMPTZ
);
CREATE INDEX refresh_tokens_family_idx ON auth_service.refresh_tokens (family_id);

CREATE TABLE auth_service.revoked_families (
  family_id UUID PRIMARY KEY,
  revoked_at TIMESTAMPTZ NOT NULL,
  reason VARCHAR(32) NOT NULL
);
