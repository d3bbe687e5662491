"""Tests of repro_audit.tracking."""
