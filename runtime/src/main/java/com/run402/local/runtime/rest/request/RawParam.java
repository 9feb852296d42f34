package com.run402.local.runtime.rest.request;

/** A non-reserved query parameter, decoded: a filter for tables, an argument or filter for RPC. */
public record RawParam(String key, String value) {}
