import { MongoServerError } from 'mongodb';

const DUPLICATE_KEY = 11000;

/** True when a write failed because a unique index (including `_id`) already holds the value. */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
