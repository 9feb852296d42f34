package com.run402.local.runtime.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Locale;

/**
 * Ethereum JSON-RPC over the mock chain ({@code /chain/rpc}): enough for a viem public client to read
 * the chain id, block number, USDC balances and transaction receipts. Unknown methods and bad params
 * are JSON-RPC errors, never HTTP errors.
 */
public final class ChainRpc {
  private static final String BALANCE_OF = "0x70a08231";
  private static final String DECIMALS = "0x313ce567";
  private static final String AUTHORIZATION_STATE = "0xe94a0102";

  private final ChainStore store;
  private final ObjectMapper json;
  private final RpcViews views;

  public ChainRpc(MockChain chain, ObjectMapper json) {
    this.store = chain.store();
    this.json = json;
    this.views = new RpcViews(json);
  }

  /** One request object or a batch array; anything else is a -32600. */
  public JsonNode handle(JsonNode request) {
    if (request != null && request.isArray()) {
      ArrayNode out = json.createArrayNode();
      request.forEach(r -> out.add(one(r)));
      return out;
    }
    return one(request);
  }

  private ObjectNode one(JsonNode r) {
    JsonNode id = r == null ? null : r.get("id");
    if (r == null || !r.isObject() || !r.path("method").isTextual()) {
      return error(id, -32600, "Invalid Request: expected {jsonrpc, id, method, params}");
    }
    JsonNode params = r.path("params");
    try {
      return result(id, call(r.get("method").asText(), params));
    } catch (RpcError e) {
      return error(id, e.code, e.getMessage());
    }
  }

  private JsonNode call(String method, JsonNode params) {
    switch (method) {
      case "eth_chainId":
        return json.getNodeFactory().textNode(hex(BigInteger.valueOf(BaseSepolia.CHAIN_ID)));
      case "net_version":
        return json.getNodeFactory().textNode(Long.toString(BaseSepolia.CHAIN_ID));
      case "eth_blockNumber":
        return json.getNodeFactory().textNode(hex(BigInteger.valueOf(store.blockNumber())));
      case "eth_getBalance":
        address(params.path(0)); // the mock chain holds no ETH: gas is not simulated
        return json.getNodeFactory().textNode("0x0");
      case "eth_call":
        return json.getNodeFactory().textNode(ethCall(params.path(0)));
      case "eth_getTransactionReceipt":
        return store.tx(hash(params.path(0))).<JsonNode>map(views::receipt).orElse(json.nullNode());
      case "eth_getTransactionByHash":
        return store.tx(hash(params.path(0))).<JsonNode>map(views::transaction).orElse(json.nullNode());
      default:
        throw new RpcError(-32601, "Method not found: " + method + " is not simulated by run402-local's mock chain");
    }
  }

  private String ethCall(JsonNode call) {
    String to = call.path("to").asText("");
    String data = call.has("data") ? call.path("data").asText("") : call.path("input").asText("");
    if (!to.equalsIgnoreCase(BaseSepolia.USDC)) {
      throw new RpcError(-32000, "execution reverted: only the USDC contract " + BaseSepolia.USDC + " is simulated");
    }
    String d = data.toLowerCase(Locale.ROOT);
    if (d.startsWith(BALANCE_OF) && d.length() == 10 + 64) {
      return word(BigInteger.valueOf(store.balance("0x" + d.substring(10 + 24))));
    }
    if (d.equals(DECIMALS)) {
      return word(BigInteger.valueOf(BaseSepolia.USDC_DECIMALS));
    }
    if (d.startsWith(AUTHORIZATION_STATE) && d.length() == 10 + 128) {
      boolean used = store.nonceUsed("0x" + d.substring(10 + 24, 74), "0x" + d.substring(74));
      return word(used ? BigInteger.ONE : BigInteger.ZERO);
    }
    throw new RpcError(-32000, "execution reverted: USDC call " + (d.length() >= 10 ? d.substring(0, 10) : d)
        + " is not simulated (balanceOf, decimals and authorizationState are)");
  }

  private static String address(JsonNode n) {
    if (!n.isTextual() || !Addresses.valid(n.asText())) {
      throw new RpcError(-32602, "Invalid params: expected an address");
    }
    return Addresses.canonical(n.asText());
  }

  private static String hash(JsonNode n) {
    if (!n.isTextual() || !n.asText().matches("^0x[0-9a-fA-F]{64}$")) {
      throw new RpcError(-32602, "Invalid params: expected a 32-byte transaction hash");
    }
    return n.asText();
  }

  static String hex(BigInteger v) {
    return "0x" + v.toString(16);
  }

  static String word(BigInteger v) {
    return "0x" + String.format("%64s", v.toString(16)).replace(' ', '0');
  }

  private ObjectNode result(JsonNode id, JsonNode result) {
    ObjectNode n = json.createObjectNode().put("jsonrpc", "2.0");
    n.set("id", id == null ? json.nullNode() : id);
    n.set("result", result);
    return n;
  }

  private ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode n = json.createObjectNode().put("jsonrpc", "2.0");
    n.set("id", id == null ? json.nullNode() : id);
    n.putObject("error").put("code", code).put("message", message);
    return n;
  }

  private static final class RpcError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    RpcError(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}
