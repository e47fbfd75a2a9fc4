-- Sign-in attempts of the support console's own sign-in, counted per window across all instances, so that adding
-- instances does not multiply an attacker's guesses (docs/decisions/0011). A key is 'pair:' + the SHA-256 of the
-- lower-cased username + '@' + the client address, or 'address:' + the client address (an IPv6 address by its /64).
-- Rows live one window; a sweep deletes older ones.
CREATE TABLE console_sign_in_attempts (
    throttle_key      varchar(200) PRIMARY KEY,
    attempts          integer      NOT NULL CHECK (attempts >= 0),
    window_started_at timestamptz  NOT NULL
);

CREATE INDEX console_sign_in_attempts_window ON console_sign_in_attempts (window_started_at);
