package africa.bengobox.auth.config;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A one-row table ({@code id}, {@code version}) counting the changes to something every node caches (client
 * registrations, tenants). A change moves it on in its own transaction; every node polls it and drops its cache when
 * it moved, so a change made through one node holds on all of them by the next poll. No clock is compared between
 * nodes. The feature that owns the cache owns the table.
 */
public final class ChangeCounter {

    private final JdbcClient jdbc;
    private final String table;
    private volatile long seen;

    public ChangeCounter(JdbcClient jdbc, String table) {
        this.jdbc = jdbc;
        this.table = table;
        this.seen = read();
    }

    /** Moves the count on; call it in the transaction of the change. */
    public void advance() {
        jdbc.sql("update " + table + " set version = version + 1 where id = 1").update();
    }

    /** The count this node last saw: a value read from the database before it moves on may be older than the change. */
    public long seen() {
        return seen;
    }

    /** Reads the count and, when it moved since the last look, records it and then runs {@code onChange}. */
    public void poll(Runnable onChange) {
        long count = read();
        if (count != seen) {
            seen = count;
            onChange.run();
        }
    }

    private long read() {
        return jdbc.sql("select version from " + table + " where id = 1").query(Long.class).single();
    }
}
