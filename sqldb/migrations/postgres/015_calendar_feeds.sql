-- Calendar feeds (issue 13, decision 15): at most one secret feed URL per
-- account, for its own appointments. Only the SHA-256 of the secret is
-- kept, so a copy of the database opens no feed; creating a new feed
-- replaces the old one, revoking deletes it.
CREATE TABLE calendar_feeds (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL
);
