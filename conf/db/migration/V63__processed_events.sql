-- Applied event ids (processed_events), two changes:
-- 1. Consumers delete rows older than qrflow.kafka.consumers.processed-retention; the index lets
--    them find those rows without reading the whole table. Rows are appended in time order, so a
--    BRIN index does it at almost no cost per insert (a B-tree would add one per row).
-- 2. Topics with one message per item of a journal event (qr.scanned, analytics.event: event id
--    `<persistence id>:<sequence number>:<index>`) are recorded once per journal event instead of
--    once per message: event_id `<persistence id>:<sequence number>:*` and last_index, the highest
--    index applied (see ConsumerBookkeeping). NULL in every other row.
-- New bookkeeping tables get both from the function, existing ones below.
CREATE OR REPLACE FUNCTION journal.create_consumer_bookkeeping(target_schema TEXT) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', target_schema);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.kafka_offsets (
      consumer_group VARCHAR(100) NOT NULL,
      topic VARCHAR(200) NOT NULL,
      kafka_partition INT NOT NULL,
      next_offset BIGINT NOT NULL,
      PRIMARY KEY (consumer_group, topic, kafka_partition))', target_schema);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.processed_events (
      consumer_group VARCHAR(100) NOT NULL,
      event_id VARCHAR(300) NOT NULL,
      processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
      last_index INT,
      PRIMARY KEY (consumer_group, event_id))', target_schema);
  EXECUTE format('CREATE INDEX IF NOT EXISTS processed_events_age ON %I.processed_events USING brin (processed_at)',
      target_schema);
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I.dead_letters (
      id BIGSERIAL PRIMARY KEY,
      consumer_group VARCHAR(100) NOT NULL,
      topic VARCHAR(200) NOT NULL,
      kafka_partition INT NOT NULL,
      kafka_offset BIGINT NOT NULL,
      message_key TEXT,
      message_value BYTEA,
      reason TEXT NOT NULL,
      failed_at TIMESTAMPTZ NOT NULL DEFAULT now())', target_schema);
END;
$$;

DO $$
DECLARE s TEXT;
BEGIN
  FOR s IN SELECT table_schema FROM information_schema.tables WHERE table_name = 'processed_events'
  LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS processed_events_age ON %I.processed_events USING brin (processed_at)', s);
    EXECUTE format('ALTER TABLE %I.processed_events ADD COLUMN IF NOT EXISTS last_index INT', s);
  END LOOP;
END;
$$;
