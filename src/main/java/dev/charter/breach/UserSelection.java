package dev.charter.breach;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The affected users as a condition on {@code app_user}, so a breach of any size is resolved and stored in
 * the database ({@code INSERT ... SELECT}) rather than in memory. {@code where} uses the ordinal parameters
 * {@code ?1..?n} of a native query; arrays bind as PostgreSQL arrays ({@code = ANY(?1)}).
 */
record UserSelection(String where, List<Object> params) {

    static UserSelection named(List<String> ids) {
        return new UserSelection("id = ANY(?1)", List.of((Object) ids.toArray(String[]::new)));
    }

    /** Users of any of these countries or jurisdictions whose account existed by {@code existedBy}. */
    static UserSelection query(List<String> countries, List<String> jurisdictions, Instant existedBy) {
        return new UserSelection(
                "(country = ANY(?1) OR jurisdiction = ANY(?2)) AND created_at <= ?3",
                List.of(
                        countries.toArray(String[]::new),
                        jurisdictions.toArray(String[]::new),
                        existedBy.atOffset(ZoneOffset.UTC)));
    }

    /** The parameters followed by {@code extra}, which the statement refers to as {@code ?(n+1)}. */
    List<Object> paramsWith(Object extra) {
        List<Object> all = new ArrayList<>(params);
        all.add(extra);
        return all;
    }

    int next() {
        return params.size() + 1;
    }
}
