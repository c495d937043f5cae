-- Run by the table owner once the migrate job created the schema (compose service
-- cdc-publication, Kubernetes Job cdc-publication): what scripts/stack/components/connector.sh
-- does before registering Debezium. Idempotent. Debezium runs with
-- publication.autocreate.mode=disabled, so its role needs only REPLICATION and SELECT, plus
-- INSERT and UPDATE on cdc_heartbeat for its heartbeat.action.query (the upsert that keeps the
-- slot moving while the captured tables are idle; deploy/debezium/README.md).
ALTER TABLE public.content REPLICA IDENTITY FULL;
ALTER TABLE public.engagement_events REPLICA IDENTITY FULL;
ALTER TABLE public.cdc_heartbeat REPLICA IDENTITY FULL;
SELECT format('GRANT SELECT ON public.content, public.engagement_events, public.cdc_heartbeat TO %I', :'dbz_user') \gexec
SELECT format('GRANT INSERT, UPDATE ON public.cdc_heartbeat TO %I', :'dbz_user') \gexec
SELECT 'CREATE PUBLICATION engagement_cdc FOR TABLE public.content, public.engagement_events, public.cdc_heartbeat'
 WHERE NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'engagement_cdc') \gexec
ALTER PUBLICATION engagement_cdc SET TABLE public.content, public.engagement_events, public.cdc_heartbeat;
