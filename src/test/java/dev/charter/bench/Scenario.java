package dev.charter.bench;

import java.util.List;

/**
 * One scenario of the load harness: it measures one path and returns its row of the results table.
 *
 * @param <T> what it runs against: the {@link SharedApp}, or the {@link Bench} settings for a scenario that
 *     starts an app of its own
 */
interface Scenario<T> {

    /** The name {@code -Dbench.only} (BENCH_ONLY) selects it by. */
    String name();

    /** Whether it runs under {@code selection}; by default, when its name is selected. */
    default boolean selected(Selection selection) {
        return selection.includes(name());
    }

    /** Its rows of the results table. */
    List<ScenarioResult> rows(T target) throws Exception;

    /** A scenario that measures one path: one row. */
    interface OneRow<T> extends Scenario<T> {

        ScenarioResult run(T target) throws Exception;

        @Override
        default List<ScenarioResult> rows(T target) throws Exception {
            return List.of(run(target));
        }
    }

    /**
     * {@code -Dbench.only=durable} (or a comma list of durable, half, fanout, storm, idle, kms, startup, federation) runs only
     * those, for
     * profiling one path ({@code half} is the half-rate latency run alone, without the saturated one before it); a
     * short 1:1 warm-up runs first on the shared app when any scenario runs there (JIT, caches). Empty: every
     * scenario but the opt-in ones ({@code federation}).
     */
    record Selection(List<String> names) {

        static Selection fromSystemProperty() {
            String only = System.getProperty("bench.only", "").trim();
            return new Selection(only.isEmpty() ? List.of() : List.of(only.split(",")));
        }

        boolean includes(String scenario) {
            return names.isEmpty() || names.contains(scenario);
        }
    }
}
