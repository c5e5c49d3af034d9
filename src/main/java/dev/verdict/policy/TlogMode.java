package dev.verdict.policy;

/**
 * Whether a piece of evidence is required for an authority (required is the default): a transparency-log proof
 * ({@code tlog}), or a keyless certificate's embedded SCT ({@code sct}).
 */
public enum TlogMode { REQUIRED, OPTIONAL }
