package com.run402.local.runtime.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Receipts and transactions as an Ethereum node returns them. Every mock transaction is a call to
 * the USDC contract that emits one ERC-20 Transfer log.
 */
final class RpcViews {
  private static final String TRANSFER_TOPIC =
      Numeric.toHexString(Hash.sha3("Transfer(address,address,uint256)".getBytes(StandardCharsets.UTF_8)));
  private static final String ZERO_BLOOM = "0x" + "0".repeat(512);

  private final ObjectMapper json;

  RpcViews(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode receipt(ChainTx tx) {
    ObjectNode r = json.createObjectNode();
    common(r, tx);
    r.put("transactionHash", tx.hash());
    r.put("cumulativeGasUsed", "0x0");
    r.put("gasUsed", "0x0");
    r.put("effectiveGasPrice", "0x0");
    r.putNull("contractAddress");
    r.put("logsBloom", ZERO_BLOOM);
    r.put("status", tx.status() == 1 ? "0x1" : "0x0");
    r.put("type", "0x2");
    ObjectNode log = r.putArray("logs").addObject();
    log.put("address", BaseSepolia.USDC.toLowerCase(java.util.Locale.ROOT));
    log.putArray("topics").add(TRANSFER_TOPIC).add(topic(tx.from())).add(topic(tx.to()));
    log.put("data", ChainRpc.word(BigInteger.valueOf(tx.value())));
    log.put("blockNumber", ChainRpc.hex(BigInteger.valueOf(tx.block())));
    log.put("blockHash", blockHash(tx.block()));
    log.put("transactionHash", tx.hash());
    log.put("transactionIndex", "0x0");
    log.put("logIndex", "0x0");
    log.put("removed", false);
    return r;
  }

  ObjectNode transaction(ChainTx tx) {
    ObjectNode t = json.createObjectNode();
    common(t, tx);
    t.put("hash", tx.hash());
    t.put("nonce", "0x0");
    t.put("value", "0x0");
    t.put("gas", "0x0");
    t.put("gasPrice", "0x0");
    t.put("maxFeePerGas", "0x0");
    t.put("maxPriorityFeePerGas", "0x0");
    t.put("input", "0x");
    t.put("type", "0x2");
    t.put("chainId", ChainRpc.hex(BaseSepolia.chainIdBig()));
    t.putArray("accessList");
    t.put("v", "0x0");
    t.put("r", "0x0");
    t.put("s", "0x0");
    t.put("yParity", "0x0");
    return t;
  }

  private void common(ObjectNode n, ChainTx tx) {
    n.put("blockHash", blockHash(tx.block()));
    n.put("blockNumber", ChainRpc.hex(BigInteger.valueOf(tx.block())));
    n.put("transactionIndex", "0x0");
    n.put("from", tx.from());
    n.put("to", BaseSepolia.USDC.toLowerCase(java.util.Locale.ROOT));
  }

  private static String topic(String address) {
    return "0x" + "0".repeat(24) + address.substring(2);
  }

  static String blockHash(long block) {
    return Numeric.toHexString(Hash.sha3(("run402-local block " + block).getBytes(StandardCharsets.UTF_8)));
  }
}
