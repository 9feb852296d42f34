package com.run402.local.runtime.rest.request;

import java.util.List;

/**
 * The parsed query string. {@code select} defaults to {@code [*]}. {@code logic} holds the
 * {@code or}/{@code and}/{@code not.or}/{@code not.and} params (possibly embed-scoped, e.g.
 * {@code clients.or=(...)}). {@code filters} holds every other non-reserved param parsed as a
 * filter; {@code params} keeps the same params raw (RPC GET takes its arguments from them, and a
 * param that is an RPC argument is not a filter, so {@code filters} may hold failures: see
 * {@link #filterErrors}). {@code columns}/{@code onConflict} are null when absent.
 */
public record QueryParams(
    List<SelectItem> select,
    boolean selectGiven,
    List<Scoped<Filter>> filters,
    List<Scoped<Logic>> logic,
    List<Scoped<List<Order>>> orders,
    List<Scoped<Long>> limits,
    List<Scoped<Long>> offsets,
    List<String> columns,
    List<String> onConflict,
    List<RawParam> params,
    java.util.Map<String, RuntimeException> filterErrors) {}
