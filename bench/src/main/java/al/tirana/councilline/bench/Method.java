package al.tirana.councilline.bench;

import java.time.Duration;
import java.util.List;

/** How each figure was obtained, written next to the figures. */
final class Method {

  private Method() {
  }

  static String text(Duration run, List<Integer> concurrency, List<Integer> rates, long events, Duration rebuildBound,
                     String heap, Duration warmup) {
    return "- **Baseline:** autocommit single-row INSERTs into a plain table from N JDBC connections of their own, "
        + "connected as node A's pools are (over the embedded server's Unix socket, as pgbench connects by default), "
        + "the equivalent of pgbench's insert-only script, " + run.toSeconds() + " s at each N in " + concurrency
        + ", run just before the HTTP load at the same N.\n"
        + "- **Same rows (P1's yardstick):** after the HTTP window at each N, the rows submissions really write are "
        + "written again raw. A schema `replay` gets every table of `public` again (`LIKE ... INCLUDING ALL`: same "
        + "columns, defaults, constraints and indexes; the application has no foreign keys or triggers), each "
        + "generated key drawing from a copy of its sequence where public's stands, and the rows of the tables the "
        + "application has ever updated or deleted in (so a recorded update of an older row finds it). Then the "
        + "embedded server logs every statement (`ALTER SYSTEM SET log_statement = 'all'` and `log_destination = "
        + "'csvlog'`, a reload, reset after) while the statistics settle (" + Work.STATISTICS_SETTLE.toSeconds()
        + " s), N clients submit for " + SameRows.RECORDING.toSeconds() + " s, the projections catch up and the "
        + "statistics settle again; two markers in the log bound that stretch. From the log between them come the "
        + "writes (INSERT, UPDATE, DELETE, a WITH that writes, a SELECT ... FOR UPDATE) with their parameters, "
        + "grouped by session and virtual transaction id: the commands' group transactions, the projections' "
        + "batches, the workers' claims. They are replayed through JDBC into `replay` (search_path `replay, "
        + "public`): one connection per session the application had, each running its session's transactions in "
        + "order, each as one JDBC transaction (a statement the application committed alone, alone), as prepared "
        + "statements with the logged values sent untyped (a statement the server cannot type so, as literals). A "
        + "transaction that updates, deletes or locks rows of a table another session inserts into waits until "
        + "every transaction writing that table that had ended before it began in the log has been replayed; the "
        + "rest go at their own pace. The same-rows rate is the "
        + "window's submissions divided by the replay's wall time; a statement refused in the replay is counted in "
        + "P1's table. The table under it compares, per table, the rows the window wrote in `public` with those "
        + "the replay wrote in `replay` (PostgreSQL's statistics of each, read after they settled).\n"
        + "- **P1:** N Vert.x Web Client loops on node A, each sending `POST /api/requests` (a citizen's "
        + "submission with e-mail and phone) when the previous one is answered, " + run.toSeconds()
        + " s per N after a warm-up at 32 clients in rounds of " + run.toSeconds() + " s until the JVM's JIT "
        + "compilers (their threads' CPU time in /proc) took under " + Math.round(Compilation.SETTLED * 100)
        + " % of a core in a round, at most " + warmup.toSeconds() + " s. Latency from send to the 201 (HdrHistogram). Each "
        + "submission is one command: tracking number, sealed personal data, two events, the request view, the "
        + "receipt mail in the outbox, two SLA timers; then six streaming projections and the seal follow it. "
        + "After each window the run waits until those seven have reached the log's head; the last two columns "
        + "give that time and the submission rate counting it; the columns before them give the ratio to the same "
        + "rows and to the one-row inserts. The verdict takes the best ratio to the same rows among the "
        + "concurrencies whose p99 is within 50 ms; the best ratio at any latency is given beside it. At that "
        + "concurrency one more baseline window and one more submission window measure what each unit costs: CPU "
        + "from /proc/stat (busy time of all processes, without steal) and this JVM's own, write transactions from "
        + "the next transaction id, WAL from the insert position, and rows per table from PostgreSQL's statistics, "
        + "read " + Work.STATISTICS_SETTLE.toSeconds() + " s after each window so that every backend's have landed "
        + "(the idle app's token claims in that pause are counted too, a few rows against thousands).\n"
        + "- **P1 by way of running:** for each way a new node is started as the README's run command starts one "
        + "(`java -jar` on the product's jar, no JVM option, no heap limit; a way's setting goes into its "
        + "environment, `JAVA_TOOL_OPTIONS` for the two library rows) on a fresh embedded database, warmed up with "
        + "the harness's client as P1's warm-up does (at most " + Ways.WARMUP_BOUND.toSeconds() + " s), then loaded for "
        + run.toSeconds() + " s per row by the harness's client (a separate JVM from the node's) and, for the "
        + "shipped way, by `wrk -t2 -c16 --latency` with the same body (Debian's wrk, a process of its own); the "
        + "commission body is P1's, the counselor body names a counselor and adds an organisation. The ratio column "
        + "compares each row with the shipped node's row of the same load generator and body.\n"
        + "- **P2:** node B is a second JVM on the same database (`DATABASE_URL`), with its own live hub. One SSE "
        + "client follows B's `/api/feed/stream`; submissions are sent on schedule at each rate in " + rates + " for "
        + run.multipliedBy(2).toSeconds() + " s (at most 256 in flight). Latency is the time from the client "
        + "receiving the 201 to the same client receiving that request's feed item from B. Node A started first, "
        + "so A holds the projections' claims; the second row sends the submissions to B instead. Before the rows, "
        + "rounds of " + run.toSeconds() + " s at the last rate to each node warm both up, as P1's warm-up does "
        + "(until the compilers of both took under " + Math.round(Compilation.SETTLED * 100) + " % of a core); "
        + "they are not reported.\n"
        + "- **P3:** N clients subscribe to node B's public feed (SSE `/api/feed/stream`, or `/ws` with "
        + "`{\"action\":\"subscribe\",\"topic\":\"feed\"}`), node B running with -Xmx" + heap + ". Over "
        + "HTTP/1.1 and WebSocket each subscriber has a connection of its own, as many as the open-file limit "
        + "leaves; over HTTP/2 (cleartext, prior knowledge, a 1 MiB connection window as browsers open) each is a "
        + "stream, 100 to a connection. Heap after a "
        + "full GC (`jcmd GC.run`, then `GC.heap_info`) before and with the subscribers gives the heap per "
        + "subscriber; then one submission to node A, and the time from its 201 until the first and the last "
        + "subscriber has the item. Each N connects from its own loopback address (127.0.0.x).\n"
        + "- **P4:** the request events the run produced (submissions, acknowledgements, assignments, notes) are "
        + "copied under new tracking numbers, payloads included, until the log holds at least " + events
        + " events and vacuumed (as autovacuum keeps a long-lived log). Then each streaming projection, the others "
        + "stopped, is reset (tables emptied, token reset) and replayed, timed until its token reaches the head, or "
        + "for at most " + rebuildBound.toSeconds() + " s, the rate then being the events replayed in that time. "
        + "Before the first, rounds of " + Benchmark.REPLAY_WARMUP.toSeconds() + " s replays of each warm the JVM "
        + "up, as P1's warm-up does.\n"
        + "- **P5:** 50 requests brought to 10 events, 10 requests to 100 events and 3 requests to 1,000 events "
        + "through the API (acknowledge, assign, internal notes); 1,000 calls of `GET /api/audit/requests/{number}` "
        + "as an auditor over each set. Each call records the auditor's read, reads the request's latest snapshot of "
        + "the fold (`asof_snapshot`, stored at the last event of each block of 100 a call folds) and the events "
        + "after it, and folds those.\n"
        + "- **P6:** `java -cp <jar> al.tirana.councilline.Main` started as a new process on a new DATA_DIR "
        + "(initdb of the embedded PostgreSQL, schema migrations, master key, signing keys, admin account), "
        + "timed until `GET /health` answers 200; then stopped and started again on the same data.\n"
        + "- **P7:** nodes C and D are two more JVMs on node A's database, started as the README's run command "
        + "starts a node, each warmed up by " + run.toSeconds() + " s of submissions at the P7 rate. Then "
        + "submissions are sent on schedule to C and D in turn, each with an `Idempotency-Key` of its own; a client "
        + "whose node gives no answer (a connection error, or a 5xx) sends the same submission with the same key to "
        + "the other node " + 20 + " ms later, until acknowledged (at most " + Failover.GIVE_UP.toSeconds()
        + " s). After 10 s node D is killed with SIGKILL; the load goes on for 10 s more. Then the tracking numbers "
        + "of every `RequestSubmitted` written since the start are read from `domain_event_entry`: an "
        + "acknowledged number missing there is lost, a recorded submission no client was given a number for is "
        + "doubled. Latency from a submission's first send to its acknowledgement, retries included.";
  }
}
