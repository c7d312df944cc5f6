// Filled in by the count widget work (issue 4).
export {};
