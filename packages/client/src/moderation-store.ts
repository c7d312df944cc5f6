// Filled in by the moderation widget work (issue 4).
export {};
