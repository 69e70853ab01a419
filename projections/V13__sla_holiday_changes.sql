-- Every node keeps the holiday calendar in memory for the SLA clock. Whatever changes the table (the admin API, an
-- iCalendar import, a DBA's psql session) tells every node after its commit, and each node reads it afresh.
CREATE OR REPLACE FUNCTION sla_holiday_changed() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('councilline_holidays', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE TRIGGER sla_holiday_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sla_holiday
    FOR EACH STATEMENT EXECUTE FUNCTION sla_holiday_changed();
