-- Rate limits shared by every node: one counter per key (what is limited and for whom) and fixed one-minute
-- window, numbered by the database's clock so nodes with skewed clocks still agree. UNLOGGED: counters are
-- written on every anonymous submission and need no WAL; a crash of the database server empties them, which only
-- forgives the current minute. Old windows are swept by any node.
CREATE UNLOGGED TABLE IF NOT EXISTS rate_limit_window (
    key    TEXT    NOT NULL,
    win    BIGINT  NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (key, win)
) WITH (fillfactor = 50);

-- Failed logins per (account, client address): after LOCKOUT_THRESHOLD failures that address is refused for that
-- account with growing delays, while the account stays open to its holder everywhere else. Logged, unlike the
-- counters above: a guesser must not get a fresh start from a database restart.
CREATE TABLE IF NOT EXISTS login_throttle (
    username        VARCHAR(100) NOT NULL,
    address         VARCHAR(64)  NOT NULL,
    failures        INTEGER      NOT NULL,
    last_failure_at TIMESTAMPTZ  NOT NULL,
    blocked_until   TIMESTAMPTZ,
    PRIMARY KEY (username, address)
);
