package dev.charter.bench;

import dev.charter.testsupport.AppProcess;
import dev.charter.testsupport.KmsStub;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KMS calls per message with the {@code aws-kms} provider, against the test KMS server speaking the real
 * protocol (the app uses the real AWS SDK client): the warm-up creates each author's month key, the measured
 * run must make none.
 */
final class KmsCalls implements Scenario.OneRow<Bench> {

    @Override
    public String name() {
        return "kms";
    }

    /** On an app of its own, with the aws-kms provider: 2,000 msgs/s (500 in a quick run). */
    @Override
    public ScenarioResult run(Bench bench) throws Exception {
        int rate = bench.quick() ? 500 : 2_000;
        try (KmsStub kms = new KmsStub()) {
            Map<String, String> env = new LinkedHashMap<>(bench.appEnv());
            env.put("CHARTER_KEYS_PROVIDER", "aws-kms");
            env.put("CHARTER_KEYS_AWS_KEY_ID", "alias/charter-bench");
            env.put("CHARTER_KEYS_AWS_ENDPOINT", kms.endpoint());
            // aws-kms has no local master key to derive the audit checkpoint key from (common/RequiredSettings).
            env.putIfAbsent("CHARTER_AUDIT_CHECKPOINT_KEY", "CXuuB3l7bCUwo8jpdBkkWN/YMi6y4TK2wgUFHjKyWck=");
            env.put("AWS_ACCESS_KEY_ID", "AKIDBENCH");
            env.put("AWS_SECRET_ACCESS_KEY", "bench-secret");
            env.put("AWS_REGION", "us-east-1");
            int port = AppProcess.freePort();
            try (AppProcess app = AppProcess.start(port, env, List.of("-Xmx512m"));
                    ChatLoad load = new ChatLoad(port)) {
                List<ChatLoad.Room> direct = bench.conversations().directRooms(port, bench.pairs());
                int atStart = kms.calls().size();
                load.run(direct, Math.min(rate, 500), Duration.ofSeconds(2), 16);
                int afterWarmUp = kms.calls().size();
                ChatLoad.Outcome steady = load.run(direct, rate, bench.duration(), 16);
                int steadyCalls = kms.calls().size() - afterWarmUp;
                Map<String, Object> extra = new LinkedHashMap<>();
                extra.put("authors", direct.size());
                extra.put("kms_calls_at_start", atStart);
                extra.put("kms_calls_warm_up", afterWarmUp - atStart);
                extra.put("kms_calls_steady", steadyCalls);
                extra.put("acked_steady", steady.acked());
                extra.put(
                        "kms_calls_per_message",
                        ScenarioResult.round((double) steadyCalls / Math.max(1, steady.acked())));
                return new ScenarioResult(
                        "aws_kms_calls_per_message",
                        steady.acked() / steady.seconds(),
                        "acked msgs/s",
                        steady.ackLatency(),
                        null,
                        null,
                        extra);
            }
        }
    }
}
