"""WMS operations of the private API (/api/lite/products/export_ff ...)."""
