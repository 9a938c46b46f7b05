-- Every consumer service keeps the same three bookkeeping tables in its own schema (see
-- V6__kafka_consumers.sql for what they mean). New services create them with one call,
--   SELECT journal.create_consumer_bookkeeping('my_schema');
-- so the layout is written once and stays identical everywhere. Calling it again for a schema
-- that has them already changes nothing (services may share a schema).
CREATE FUNCTION journal.create_consumer_bookkeeping(target_schema TEXT) RETURNS void
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
      PRIMARY KEY (consumer_group, event_id))', target_schema);
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
