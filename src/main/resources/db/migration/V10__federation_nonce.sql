-- Nonces of the signed requests peer regions sent here (docs/federation.md, Region-to-region requests). The
-- primary key makes a nonce usable once across every instance of the region; rows are deleted once their
-- timestamp is outside the clock-skew window, where the timestamp check refuses the request by itself.
CREATE TABLE federation_nonce (
    region  text        NOT NULL,
    nonce   text        NOT NULL,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (region, nonce)
);
CREATE INDEX federation_nonce_by_seen_at ON federation_nonce (seen_at);
