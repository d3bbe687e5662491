"""Tests of repro_audit.reading."""
