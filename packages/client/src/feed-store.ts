// Filled in by the feed widget work (issue 4).
export {};
