// Filled in by the qa widget work (issue 4).
export {};
