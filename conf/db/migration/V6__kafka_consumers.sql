-- Bookkeeping of Kafka consumer services, in the schema of each service (so a service moved to
-- its own database takes it along): the next offset per partition, the event ids already
-- applied (publishers deliver at least once), and messages that could not be applied.
-- Written in the same transaction as the service's own rows.

CREATE TABLE routing_db.kafka_offsets (
  consumer_group VARCHAR(100) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  kafka_partition INT NOT NULL,
  next_offset BIGINT NOT NULL,
  PRIMARY KEY (consumer_group, topic, kafka_partition)
);
CREATE TABLE routing_db.processed_events (
  consumer_group VARCHAR(100) NOT NULL,
  event_id VARCHAR(300) NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
CREATE TABLE routing_db.dead_letters (
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

CREATE TABLE auth_service.kafka_offsets (
  consumer_group VARCHAR(100) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  kafka_partition INT NOT NULL,
  next_offset BIGINT NOT NULL,
  PRIMARY KEY (consumer_group, topic, kafka_partition)
);
CREATE TABLE auth_service.processed_events (
  consumer_group VARCHAR(100) NOT NULL,
  event_id VARCHAR(300) NOT NULL,
  processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
CREATE TABLE auth_service.dead_letters (
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


-- The routing service's route table: what an edge needs to answer a scan, kept from the topics
-- and used to warm route caches at start.
CREATE TABLE routing_db.routes (
  code VARCHAR(64) PRIMARY KEY,
  owner_id UUID NOT NULL,
  target VARCHAR(2048) NOT NULL,
  status VARCHAR(16) NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

-- The user directory (read side of accounts), kept from the topics.
CREATE TABLE auth_service.users (
  user_id UUID PRIMARY KEY,
  email VARCHAR(254) NOT NULL UNIQUE,
  display_name VARCHAR(100) NOT NULL,
  registered_at TIMESTAMPTZ NOT NULL,
  last_login_at TIMESTAMPTZ,
  login_count BIGINT NOT NULL DEFAULT 0
);
