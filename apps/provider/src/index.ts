// Entry point of @hearth/provider: the provider agent.
export {}
