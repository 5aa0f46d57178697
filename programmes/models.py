"""Programmes, editions, events and participation — filled by the programmes issue."""
