"""Tracking: history records under audits/, what changed between runs, GitHub Actions output."""
