package dev.charter.bench;

import java.time.Duration;
import java.util.List;

/** Sends into groups, each delivered to every member: deliveries/s and send-to-deliver latency. */
final class GroupFanOut implements Scenario.OneRow<SharedApp> {

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public ScenarioResult run(SharedApp app) throws Exception {
        Bench bench = app.bench();
        int members = bench.quick() ? 20 : 100;
        List<ChatLoad.Room> group = bench.conversations().groupRooms(app.port(), bench.quick() ? 1 : 2, members);
        // The target is a latency at 150,000 deliveries/s: 1,500 sends/s into groups of 100
        // (BENCH_FANOUT_RATE offers more, to find the saturation point).
        int groupRate = Integer.getInteger("bench.fanout.rate", bench.quick() ? 100 : 1_500);
        // Its own warm-up: the fan-out's code paths are not the 1:1 warm-up's (JIT, the group's caches).
        app.load().run(group, groupRate / 2, Duration.ofSeconds(3), 16);
        app.settle();
        double cpu1 = app.probe().cpuSeconds();
        ChatLoad.Outcome fanout = app.load().run(group, groupRate, bench.duration(), 16);
        return new ScenarioResult(
                "group_1to" + members + "_fanout",
                fanout.delivered() / fanout.seconds(),
                "deliveries/s",
                fanout.deliverLatency(),
                "bare Vert.x WebSocket relay",
                app.relayThroughput(),
                app.extra(fanout, app.probe().cpuSeconds() - cpu1));
    }
}
