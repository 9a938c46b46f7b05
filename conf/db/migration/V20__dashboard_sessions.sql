-- Dashboard sign-ins: a browser holds a random session id in an HttpOnly cookie; only its
-- SHA-256 is stored. Each session has its own CSRF token (synchronizer token), which the page
-- sends in X-CSRF-Token on every state-changing request. Signing out deletes the row.
CREATE TABLE auth_service.dashboard_sessions (
  session_hash CHAR(64) PRIMARY KEY,
  user_id UUID NOT NULL,
  email VARCHAR(254) NOT NULL,
  csrf_token VARCHAR(64) NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX dashboard_sessions_user_idx ON auth_service.dashboard_sessions (user_id);
