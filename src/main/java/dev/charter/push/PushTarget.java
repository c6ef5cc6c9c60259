package dev.charter.push;

/** One device to push to. {@code token} is personal data: never log it. */
record PushTarget(String user, String deviceId, String platform, String token) {

    @Override
    public String toString() {
        return "PushTarget[" + platform + "]";
    }
}
