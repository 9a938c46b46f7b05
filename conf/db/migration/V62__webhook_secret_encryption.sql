-- Webhook signing secrets are stored encrypted (AES-GCM, see SecretCipher): the sealed form is
-- longer than the clear one. Rows still in clear are sealed by the node at startup, because the
-- key lives in the node's configuration, not in the database.
ALTER TABLE integrations_db.webhook_endpoints ALTER COLUMN secret TYPE VARCHAR(300);
COMMENT ON COLUMN integrations_db.webhook_endpoints.secret IS
  'v1.<key id>.<base64url(nonce | AES-GCM ciphertext | tag)>; never the secret itself';

-- Dev mode only (qrflow.webhooks.secret-key empty): the generated key, one row.
CREATE TABLE IF NOT EXISTS integrations_db.webhook_secret_key (
  id INT PRIMARY KEY CHECK (id = 1),
  key VARCHAR(100) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
