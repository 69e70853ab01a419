-- Two indexes that no query uses, each costing every write an index entry (and WAL) for nothing.
-- domain_event_entry_type_idx: Axon never filters on payload_type, and the audit filter matches a suffix
-- (payload_type LIKE '%.' || type), which a b-tree cannot serve.
DROP INDEX IF EXISTS domain_event_entry_type_idx;
-- scheduled_tasks_priority_idx: db-scheduler orders due tasks by priority only when priority is enabled, and the
-- SLA timers' scheduler does not enable it (AxonSetup), so every timer carried a NULL entry in it.
DROP INDEX IF EXISTS scheduled_tasks_priority_idx;
