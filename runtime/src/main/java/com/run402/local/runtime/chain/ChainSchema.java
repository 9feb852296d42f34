package com.run402.local.runtime.chain;

import java.util.List;

/** The mock chain's tables (H2). Amounts are USDC atomic units (= USD micros). */
final class ChainSchema {
  private ChainSchema() {}

  static final List<String> DDL = List.of(
      "CREATE TABLE IF NOT EXISTS balances (address VARCHAR(42) PRIMARY KEY, micros BIGINT NOT NULL CHECK (micros >= 0))",
      "CREATE TABLE IF NOT EXISTS nonces (authorizer VARCHAR(42) NOT NULL, nonce VARCHAR(66) NOT NULL, "
          + "tx_hash VARCHAR(66) NOT NULL, PRIMARY KEY (authorizer, nonce))",
      "CREATE TABLE IF NOT EXISTS txs (hash VARCHAR(66) PRIMARY KEY, block BIGINT NOT NULL UNIQUE, "
          + "from_addr VARCHAR(42) NOT NULL, to_addr VARCHAR(42) NOT NULL, amount BIGINT NOT NULL, "
          + "kind VARCHAR(16) NOT NULL, status INT NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
      "CREATE TABLE IF NOT EXISTS chain_head (id INT PRIMARY KEY, number BIGINT NOT NULL)",
      "MERGE INTO chain_head KEY (id) VALUES (1, COALESCE((SELECT number FROM chain_head WHERE id = 1), 0))",
      "CREATE TABLE IF NOT EXISTS payments (id BIGINT AUTO_INCREMENT PRIMARY KEY, tx_hash VARCHAR(66) NOT NULL, "
          + "payer VARCHAR(42) NOT NULL, pay_to VARCHAR(42) NOT NULL, amount BIGINT NOT NULL, route VARCHAR(200) NOT NULL, "
          + "network VARCHAR(32) NOT NULL, mode VARCHAR(16) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)",
      "CREATE TABLE IF NOT EXISTS faucet_drips (address VARCHAR(42) PRIMARY KEY, last_at TIMESTAMP WITH TIME ZONE NOT NULL)",
      "CREATE TABLE IF NOT EXISTS faucet_replies (idem_key VARCHAR(300) PRIMARY KEY, address VARCHAR(42) NOT NULL, "
          + "reply CLOB NOT NULL)");

  static final List<String> TABLES = List.of("balances", "nonces", "txs", "payments", "faucet_drips", "faucet_replies");
}
