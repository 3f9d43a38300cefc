/**
 * Argument checks every repository implementation shares, so the SQLite and MongoDB backends refuse
 * the same bad input with the same message (the contract suites assert it on both).
 */

export function checkLimit(origin: string, limit: number): void {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`${origin}: limit must be a non-negative integer, got ${limit}.`);
  }
}

export function checkLease(origin: string, leaseMs: number): void {
  if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new RangeError(`${origin}: leaseMs must be a positive number, got ${leaseMs}.`);
}

export function checkMaxAttempts(origin: string, maxAttempts: number): void {
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`${origin}: maxAttempts must be a positive integer, got ${maxAttempts}.`);
}

export function unknownEvent(origin: string, channel: string, eventId: string): Error {
  return new Error(`${origin}: event "${eventId}" of ${channel} does not exist.`);
}
