"""UI- and runtime-independent logic: requests, results, errors, the cascade and its rule tools."""
