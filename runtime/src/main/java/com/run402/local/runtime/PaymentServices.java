package com.run402.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.chain.ChainRpc;
import com.run402.local.runtime.chain.Faucet;
import com.run402.local.runtime.chain.MockChain;
import com.run402.local.runtime.tiers.Billing;
import com.run402.local.runtime.tiers.TierService;
import com.run402.local.runtime.x402.Facilitator;
import com.run402.local.runtime.x402.Payments;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Everything money, on the simulated Base Sepolia: the chain, x402 verify/settle and its ledger, the
 * faucet, JSON-RPC, the facilitator API, wallet tiers and billing ({@code Engine.x402()}).
 *
 * @param chain balances, nonces, transactions
 * @param payments x402: verify, settle (two-phase), ledger
 * @param faucet test USDC drips
 * @param rpc Ethereum JSON-RPC over the chain
 * @param facilitator the facilitator API over the chain
 * @param tiers wallet tiers and leases
 * @param billing balances and payment history per wallet
 */
public record PaymentServices(MockChain chain, Payments payments, Faucet faucet, ChainRpc rpc, Facilitator facilitator,
    TierService tiers, Billing billing) {

  /** {@code leaseChanged} hears of every wallet whose lease a committed tier change moved. */
  static PaymentServices create(RuntimeConfig config, DataSource admin, MockChain chain, ObjectMapper json,
      Consumer<String> leaseChanged) {
    Payments payments = new Payments(chain, config.payments(), json);
    Faucet faucet = new Faucet(chain, json, config.clock(), config.payments().faucetDripMicros(),
        config.payments().faucetCooldown());
    TierService tiers = new TierService(admin, payments, json, config.clock(), leaseChanged);
    return new PaymentServices(chain, payments, faucet, new ChainRpc(chain, json), new Facilitator(payments), tiers,
        new Billing(tiers, chain.store(), payments.ledger(), json));
  }
}
