// msw 3 asks for Node 22 (Promise.withResolvers, Set.prototype.intersection and
// difference); the repo supports Node 20.12 and up, so tests fill them in before msw loads.
// Import this module before msw.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
if (!('intersection' in Set.prototype)) {
  Object.assign(Set.prototype, {
    intersection<T>(this: Set<T>, other: ReadonlySet<T>): Set<T> {
      return new Set([...this].filter((value) => other.has(value)));
    },
    difference<T>(this: Set<T>, other: ReadonlySet<T>): Set<T> {
      return new Set([...this].filter((value) => !other.has(value)));
    },
  });
}
