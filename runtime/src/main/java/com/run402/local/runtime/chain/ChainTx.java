package com.run402.local.runtime.chain;

import java.time.Instant;

/**
 * One transaction on the mock chain; each is mined in its own block, as an automining dev chain does.
 *
 * @param kind {@code transfer} (an EIP-3009 payment), {@code mint} (faucet) or {@code free} (a zero-cost
 *     record made in {@code --payments free} mode)
 * @param status 1 success (the mock never records failed transactions: a failed settlement leaves no trace)
 */
public record ChainTx(String hash, long block, String from, String to, long value, String kind, int status,
    Instant time) {}
