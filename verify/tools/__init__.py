"""The engineer's reference tools: explain, replay, what-if, recovery and witnesses."""
