"""IMSHOP adapters: the three webhooks (/webhooks/imshop/) and the private API for pickup points and promotions."""
