package dev.charter.push;

import dev.charter.common.ErrorCodes;
import dev.charter.common.ProblemException;
import dev.charter.common.Transactions;
import dev.charter.privacy.UserDevices;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Devices a user registers for push: upsert, list, delete, and their part of the user's export. */
@Singleton
public class DeviceService implements UserDevices {

    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> PLATFORMS = Set.of("apns", "fcm");
    private static final int MAX_TOKEN = 4096;
    private static final int MAX_LOCALE = 35;

    private final DeviceRepository devices;
    private final Transactions transactions;
    private final PushConfig config;

    DeviceService(DeviceRepository devices, Transactions transactions, PushConfig config) {
        this.devices = devices;
        this.transactions = transactions;
        this.config = config;
    }

    Uni<Void> register(String user, String deviceId, String platform, String token, String locale) {
        requireDeviceId(deviceId);
        if (platform == null || !PLATFORMS.contains(platform)) {
            throw ProblemException.badRequest("'platform' must be 'apns' or 'fcm'.");
        }
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN) {
            throw ProblemException.badRequest("'token' is required (at most " + MAX_TOKEN + " characters).");
        }
        if (locale != null && (locale.length() > MAX_LOCALE || !locale.matches("[A-Za-z0-9-]+"))) {
            throw ProblemException.badRequest("'locale' must be a language tag such as de-DE.");
        }
        int max = config.maxDevices();
        return transactions
                .inTransaction(conn -> devices.upsert(conn, user, deviceId, platform, token, locale, max))
                .invoke(stored -> {
                    if (!stored) {
                        throw new ProblemException(
                                409,
                                ErrorCodes.CONFLICT,
                                "At most " + max + " devices per user: delete one before registering another.");
                    }
                })
                .replaceWithVoid();
    }

    Uni<List<Device>> list(String user) {
        return devices.list(user);
    }

    Uni<Void> delete(String user, String deviceId) {
        requireDeviceId(deviceId);
        return devices.delete(user, deviceId);
    }

    @Override
    public Uni<List<Map<String, Object>>> devicesOf(String user) {
        return devices.list(user)
                .map(list -> list.stream()
                        .map(device -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("deviceId", device.deviceId());
                            entry.put("platform", device.platform());
                            entry.put("locale", device.locale());
                            entry.put("createdAt", device.createdAt().toString());
                            entry.put(
                                    "lastPushAt",
                                    device.lastPushAt() == null
                                            ? null
                                            : device.lastPushAt().toString());
                            return entry;
                        })
                        .toList());
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw ProblemException.badRequest("'deviceId' must match [A-Za-z0-9_-]{1,64}.");
        }
    }
}
