package com.run402.local.runtime.rest.request;

/**
 * One step of a JSON path on a field: {@code ->key} ({@code text=false}) or {@code ->>key}
 * ({@code text=true}). {@code index} is true when the key is an integer (possibly negative), which
 * PostgREST renders unquoted ({@code ->0}); otherwise the key is a string bound as a parameter.
 */
public record JsonStep(String key, boolean index, boolean text) {}
