package com.run402.local.runtime.x402;

import com.run402.local.runtime.chain.Addresses;
import com.run402.local.runtime.chain.BaseSepolia;
import com.run402.local.runtime.chain.ChainStore;
import java.math.BigInteger;
import java.security.SignatureException;
import java.time.Clock;

/**
 * Checks a payment against a requirement, in the reference facilitator's order (x402-reference
 * 2.4): scheme, network, asset, signature, recipient, validity window, amount, nonce, balance. Time
 * is the real wall clock: clients sign with real time, whatever the emulator's lease clock says.
 */
public final class PaymentVerifier {
  private final ChainStore chain;
  private final Clock wallClock;

  public PaymentVerifier(ChainStore chain, Clock wallClock) {
    this.chain = chain;
    this.wallClock = wallClock;
  }

  /** The verified payment, or a {@link PaymentFailure}. Reads the chain, changes nothing. */
  public VerifiedPayment verify(PaymentPayload p, PaymentRequirement req) {
    if (!"exact".equals(p.scheme()) || !"exact".equals(req.scheme())) {
      throw new PaymentFailure("unsupported_scheme", "Only the 'exact' scheme is supported, got '" + p.scheme() + "'");
    }
    if (BaseSepolia.isMainnet(p.network())) {
      throw new PaymentFailure("wrong_network", p.network() + " is Base mainnet: run402-local simulates only Base "
          + "Sepolia (" + BaseSepolia.NETWORK + ") and never accepts or moves real funds");
    }
    if (!BaseSepolia.isThisChain(req.network())) {
      throw new PaymentFailure("wrong_network", "The requirement's network '" + req.network()
          + "' is not simulated: run402-local settles only on Base Sepolia (" + BaseSepolia.NETWORK + ")");
    }
    boolean sameNetwork = p.version() == 2 ? p.network().equals(req.network()) : BaseSepolia.isThisChain(p.network());
    if (!sameNetwork) {
      throw new PaymentFailure("wrong_network", "Payment is for network '" + p.network() + "', the requirement is "
          + req.network());
    }
    if (p.asset() != null && !p.asset().equalsIgnoreCase(req.asset())) {
      throw new PaymentFailure("wrong_asset", "Payment is in asset " + p.asset() + ", the requirement is USDC "
          + req.asset());
    }
    Authorization a = p.authorization();
    byte[] domain = Eip3009.domainSeparator(req.domainName(), req.domainVersion(), BaseSepolia.chainIdBig(), req.asset());
    String signer;
    try {
      signer = Eip3009.recover(Eip3009.digest(domain, a), p.signature());
    } catch (SignatureException | RuntimeException e) {
      throw new PaymentFailure("invalid_signature", "The EIP-712 signature cannot be recovered: " + e.getMessage());
    }
    if (!signer.equals(a.from())) {
      throw new PaymentFailure("invalid_signature", "The EIP-712 TransferWithAuthorization signature was made by "
          + signer + ", not by authorization.from " + a.from());
    }
    if (!a.to().equals(Addresses.canonical(req.payTo()))) {
      throw new PaymentFailure("recipient_mismatch", "authorization.to " + a.to() + " is not payTo " + req.payTo());
    }
    BigInteger now = BigInteger.valueOf(wallClock.instant().getEpochSecond());
    if (a.validBefore().compareTo(now) <= 0) {
      throw new PaymentFailure("expired", "The authorization expired at validBefore=" + a.validBefore()
          + " (now " + now + ")");
    }
    if (a.validAfter().compareTo(now) > 0) {
      throw new PaymentFailure("not_yet_valid", "The authorization is valid only after validAfter=" + a.validAfter()
          + " (now " + now + ")");
    }
    BigInteger amount = BigInteger.valueOf(req.amount());
    int cmp = a.value().compareTo(amount);
    if (p.version() == 2 ? cmp != 0 : cmp < 0) {
      throw new PaymentFailure("amount_mismatch", "authorization.value " + a.value() + " does not match the price "
          + amount + " (" + BaseSepolia.usd(req.amount()) + " USDC)");
    }
    if (chain.nonceUsed(a.from(), a.nonce())) {
      throw new PaymentFailure("nonce_used", "Authorization nonce " + a.nonce() + " of " + a.from()
          + " was already used (EIP-3009 authorizations are one-shot)");
    }
    long balance = chain.balance(a.from());
    if (BigInteger.valueOf(balance).compareTo(a.value()) < 0) {
      throw new PaymentFailure("insufficient_funds", "Payer " + a.from() + " has " + BaseSepolia.usd(balance)
          + " USDC on " + BaseSepolia.NETWORK + ", needs " + BaseSepolia.usd(req.amount())
          + ". Fund it with POST /faucet/v1.");
    }
    return new VerifiedPayment(p, req, a.from());
  }
}
