"""Tests of repro_audit.report."""
