-- Consumers read several topics in parallel, so an entity's messages can arrive out of order
-- across topics (qr.updated before qr.created, user.logged_in before user.registered). Rows
-- may therefore be started by any message, and each group of fields remembers the time of the
-- change it holds, so an older change never overwrites a newer one.
ALTER TABLE routing_db.routes
  ALTER COLUMN target DROP NOT NULL,
  ALTER COLUMN status DROP NOT NULL,
  ADD COLUMN target_changed_at TIMESTAMPTZ,
  ADD COLUMN status_changed_at TIMESTAMPTZ;
UPDATE routing_db.routes SET target_changed_at = updated_at, status_changed_at = updated_at;

ALTER TABLE auth_service.users
  ALTER COLUMN display_name DROP NOT NULL,
  ALTER COLUMN registered_at DROP NOT NULL;
