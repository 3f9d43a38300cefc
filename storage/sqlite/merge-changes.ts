/** Which fields of a record an update may touch, split by whether they may be cleared. */
export interface UpdatableFields<T> {
  /** Fields that must always hold a value: giving one of them as undefined is refused. */
  required: readonly (keyof T)[];
  /** Optional fields: giving one as undefined clears it (e.g. `{ assigneeId: undefined }` unassigns). */
  optional: readonly (keyof T)[];
}

/**
 * Applies a repository update's `changes` to a copy of `record`: a key given with a value replaces the
 * field, a key given as undefined clears an optional field, a key not given keeps the stored value.
 * Only the updatable fields are read: identity and bookkeeping fields (ids, numbers, revision,
 * createdAt) can arrive in a spread record and are ignored rather than written.
 */
export function mergeChanges<T extends object>(origin: string, record: T, changes: Partial<T>, fields: UpdatableFields<T>): T {
  const merged: T = { ...record };
  for (const key of fields.required) {
    if (!Object.hasOwn(changes, key)) continue;
    const value = changes[key];
    if (value === undefined) throw new TypeError(`${origin}: "${String(key)}" cannot be cleared.`);
    merged[key] = value as T[keyof T];
  }
  for (const key of fields.optional) {
    if (!Object.hasOwn(changes, key)) continue;
    const value = changes[key];
    if (value === undefined) delete merged[key];
    else merged[key] = value as T[keyof T];
  }
  return merged;
}
