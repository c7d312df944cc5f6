// Filled in by the member widget work (issue 4).
export {};
