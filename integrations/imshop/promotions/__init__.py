"""Promotions: a pure pricing engine (engine.py) over Decimal data, its models and the services that feed it.

The engine is pricing logic and could move to `catalog` later; it lives here because IMSHOP's cart
webhook is its only caller so far.
"""
