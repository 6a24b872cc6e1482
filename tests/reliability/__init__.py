"""Reliability campaign: model-based fault tests, crash cycles, two stations, torn journal, full disk.

See docs/reliability.md for what each part checks and how to run the full campaign.
"""
