/**
 * `compute`, run once per argument object; later calls with the same object return the first
 * result. A WeakMap, so an entry goes away with its object.
 */
export const oncePerObject = <Key extends object, Value>(compute: (key: Key) => Value) => {
  const results = new WeakMap<Key, Value>();
  return (key: Key): Value => {
    if (!results.has(key)) {
      results.set(key, compute(key));
    }
    return results.get(key) as Value;
  };
};
