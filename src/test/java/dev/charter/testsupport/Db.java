package dev.charter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/** Plain JDBC to the test database, to check what is (and is not) stored. */
public final class Db {

    private Db() {}

    public static Connection connect() throws SQLException {
        String url = setting("QUARKUS_DATASOURCE_JDBC_URL", "quarkus.datasource.jdbc.url");
        return DriverManager.getConnection(
                url,
                setting("QUARKUS_DATASOURCE_USERNAME", "quarkus.datasource.username"),
                setting("QUARKUS_DATASOURCE_PASSWORD", "quarkus.datasource.password"));
    }

    private static String setting(String env, String property) {
        String value = System.getenv(env);
        if (value != null) {
            return value;
        }
        return ConfigProvider.getConfig().getValue(property, String.class);
    }

    public static long count(String sql, Object... params) {
        try (Connection conn = connect();
                PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<List<Object>> rows(String sql, Object... params) {
        try (Connection conn = connect();
                PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql, Object... params) {
        try (Connection conn = connect();
                PreparedStatement st = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows in any table of the schema whose text form contains {@code needle}. */
    public static long rowsMentioning(String needle) {
        long total = 0;
        for (List<Object> table : rows("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            total += count("SELECT count(*) FROM \"" + table.get(0) + "\" t WHERE t::text LIKE ?", "%" + needle + "%");
        }
        return total;
    }
}
