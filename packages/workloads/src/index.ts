// Entry point of @hearth/workloads.
export {}
