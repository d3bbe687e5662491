"""Tests of repro_audit.cli."""
