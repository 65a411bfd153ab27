"""Model bundles: manifests, signatures, verification, install, import and download (no Qt)."""
