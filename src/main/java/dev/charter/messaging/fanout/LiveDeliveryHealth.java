package dev.charter.messaging.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready once the LISTEN connection is lost for good (its reconnect policy gave up): this instance could
 * still commit sends but would deliver nothing live, so it should leave the load balancer's rotation.
 */
@Readiness
@ApplicationScoped
class LiveDeliveryHealth implements HealthCheck {

    private final MessageFanout fanout;

    LiveDeliveryHealth(MessageFanout fanout) {
        this.fanout = fanout;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-delivery")
                .status(fanout.listening())
                .build();
    }
}
