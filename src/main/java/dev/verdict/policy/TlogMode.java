package dev.verdict.policy;

/** Whether a transparency-log proof is required for an authority (required is the default). */
public enum TlogMode { REQUIRED, OPTIONAL }
