package dev.charter.jurisdiction;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /v1/region}: which region this is and whom it serves. No authentication. */
@Path("/v1/region")
@PermitAll
@Produces(MediaType.APPLICATION_JSON)
public class RegionResource {

    private final RegionConfig config;
    private final ResidencyGate residency;
    private final ServedJurisdictions served;

    RegionResource(RegionConfig config, ResidencyGate residency, ServedJurisdictions served) {
        this.config = config;
        this.residency = residency;
        this.served = served;
    }

    public record RegionBody(String region, List<String> jurisdictions, List<String> countries) {}

    @GET
    public RegionBody region() {
        List<String> countries = residency.countries().stream().sorted().toList();
        return new RegionBody(config.region(), served.ids(), countries);
    }
}
