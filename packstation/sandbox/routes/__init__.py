"""HTTP routes of the sandbox, one module per API area."""
