"""Events layer: conflict events (ACLED event types) from the parse the analysis already has."""
