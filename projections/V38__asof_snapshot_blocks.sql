-- As-of snapshots are now stored only at the last event of each block of 100 sequence numbers (audit/AsOf), at most
-- one per block. Those stored before, one wherever a call stopped folding, are dropped: nothing reads them any more
-- than any other (a call starts from the latest usable one), and keeping them would leave the table unbounded.
DELETE FROM asof_snapshot WHERE last_sequence % 100 <> 99;
