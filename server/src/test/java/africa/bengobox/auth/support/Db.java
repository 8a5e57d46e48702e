package africa.bengobox.auth.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Small SQL helpers for assertions about what was (not) written. */
public final class Db {

    private Db() {
    }

    public static long count(JdbcClient jdbc, String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    /** Every character column of every application table, concatenated per row, searched for the text. */
    public static boolean anyColumnContains(JdbcClient jdbc, String text) {
        var columns = jdbc.sql("""
                select table_name, column_name from information_schema.columns
                where lower(table_schema) = 'public' and lower(table_name) <> 'flyway_schema_history'
                  and lower(data_type) in ('character varying', 'text', 'character')""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
        for (String[] col : columns) {
            Long hits = jdbc.sql("select count(*) from " + col[0] + " where " + col[1] + " like :t")
                    .param("t", "%" + text + "%").query(Long.class).single();
            if (hits > 0) {
                return true;
            }
        }
        return false;
    }
}
