-- Outgoing webhooks: endpoints, and deliveries (the outbox the engine writes in the same
-- transaction as the change each reports, then the delivery log). Generic collections like
-- the rest; the indexes serve the server's webhook worker and the log.
CREATE TABLE webhooks (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
CREATE TABLE webhook_deliveries (community text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, data jsonb NOT NULL, PRIMARY KEY (community, id));
-- What instances poll: pending deliveries by when they are due, across communities.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (((data -> 'dueAt'))) WHERE (data ->> 'status') = 'pending';
-- The delivery log: newest first, per community, per endpoint.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (community, ((data -> 'createdAt')));
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (community, ((data -> 'endpointId')), ((data -> 'createdAt')));
