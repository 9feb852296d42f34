package com.run402.local.runtime.functions;

import java.time.Instant;

/** One row of a wallet's function list ({@code GET /functions/v1}, legacy-gateway 1.5). */
public record WalletFunction(String name, String projectId, Instant createdAt, Instant updatedAt) {}
