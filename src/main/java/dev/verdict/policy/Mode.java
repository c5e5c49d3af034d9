package dev.verdict.policy;

/** How a policy's failures count: enforce denies, warn allows with a warning, audit only reports. */
public enum Mode { ENFORCE, WARN, AUDIT }
