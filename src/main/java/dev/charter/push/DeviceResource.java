package dev.charter.push;

import dev.charter.common.ProblemException;
import dev.charter.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code /v1/me/devices}: the caller's devices for push. */
@Path("/v1/me/devices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeviceResource {

    private final DeviceService devices;
    private final Caller caller;

    DeviceResource(DeviceService devices, Caller caller) {
        this.devices = devices;
        this.caller = caller;
    }

    public record Registration(String platform, String token, String locale) {}

    @GET
    public Uni<List<Device>> list() {
        return devices.list(caller.id());
    }

    @PUT
    @Path("/{deviceId}")
    public Uni<Void> register(@PathParam("deviceId") String deviceId, Registration registration) {
        if (registration == null) {
            throw ProblemException.badRequest("A body with 'platform', 'token' and 'locale' is required.");
        }
        return devices.register(
                caller.id(), deviceId, registration.platform(), registration.token(), registration.locale());
    }

    @DELETE
    @Path("/{deviceId}")
    public Uni<Void> delete(@PathParam("deviceId") String deviceId) {
        return devices.delete(caller.id(), deviceId);
    }
}
