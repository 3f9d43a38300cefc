/** Which fields of a record an update may touch, split by whether they may be cleared. */
export interface UpdatableFields<T> {
  /** Fields that must always hold a value: giving one of them as undefined is refused. */
  required: readonly (keyof T)[];
  /** Optional fields: giving one as undefined clears it (e.g. `{ assigneeId: undefined }` unassigns). */
  optional: readonly (keyof T)[];
}

/**
 * Turns a repository update's `changes` into `$set` / `$unset`: a key given with a value is set, a key
 * given as undefined unsets an optional field, a key not given is left alone. Only the updatable
 * fields are read: identity and bookkeeping fields (ids, numbers, revision, createdAt) can arrive in a
 * spread record and are ignored rather than written. Mirrors storage/sqlite/merge-changes.ts.
 */
export function changesToUpdate<T extends object>(
  origin: string,
  changes: Partial<T>,
  fields: UpdatableFields<T>,
): { $set: Record<string, unknown>; $unset: Record<string, ''> } {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const key of fields.required) {
    if (!Object.hasOwn(changes, key)) continue;
    const value = changes[key];
    if (value === undefined) throw new TypeError(`${origin}: "${String(key)}" cannot be cleared.`);
    $set[key as string] = value;
  }
  for (const key of fields.optional) {
    if (!Object.hasOwn(changes, key)) continue;
    const value = changes[key];
    if (value === undefined) $unset[key as string] = '';
    else $set[key as string] = value;
  }
  return { $set, $unset };
}
